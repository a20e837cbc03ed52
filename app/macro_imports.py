"""Templates whose macro imports cost one pass over the globals, not one test per global.

Each ``{% from "..." import ... %}`` runs every time the template, or the macro holding it,
runs. GOV.UK Frontend's macros import their own parts from inside the macro (a radios group
imports the fieldset, hint, label and error message macros, and those import the attributes
macro), so a question page makes about 56 imports a render, and the plainest form page 16.

For each import Jinja asks whether the importing context has globals that the imported template
lacks (a template loaded with globals of its own): if it has, the imported template is run
again with them; otherwise its module, made once, is used. Jinja 3.1 works that out as
``context.globals_keys - template.globals.keys()``. A template's globals are a ``ChainMap`` in
front of the environment's, and a set minus a ``ChainMap``'s keys tests each of the service's
50 or so globals against it one at a time, in Python: about a fifth of the CPU of a question
page. ``set.difference`` gives the same set from one pass over the ``ChainMap``.

Nothing else changes: the module is still made again when there are such globals, and kept
otherwise; imports ``with context`` do not come here (Jinja runs those afresh every time).
"""

from __future__ import annotations

from jinja2 import Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context


class MacroImportingTemplate(Template):
    """A Jinja template whose imports into other templates check the globals in one pass."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None:
            missing = ctx.globals_keys.difference(self.globals)
            if missing:
                return self.make_module({key: ctx.parent[key] for key in missing})
        return super()._get_default_module()

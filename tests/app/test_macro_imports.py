"""A respondent's page imports dozens of GOV.UK macros each time it is rendered; each import
must cost one look at the template's globals, not a test for every one of the service's globals,
and a macro file must be run once, not on every render, while the page looks the same."""

from __future__ import annotations

import collections

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import DictLoader, Environment

from app.macro_imports import MacroImportingTemplate
from tests.factories import create_link


class Counted:
    """How many times a method of a class was called while it was patched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> None:
        self.calls = 0
        original = getattr(cls, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(cls, name, counted)


def _question_page(client: FlaskClient) -> str:
    link = create_link()
    path = f"/r/{link.token}/how-you-were-treated"
    first = client.get(path)
    assert first.status_code == 200
    return path


def test_a_question_page_does_not_test_each_global_for_each_macro_it_imports(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch
):
    path = _question_page(client)
    # Jinja's own way tested all ~50 globals one by one at each of the page's ~56 imports.
    assert len(app.jinja_env.globals) > 40
    lookups = Counted(monkeypatch, collections.ChainMap, "__contains__")
    html = client.get(path).get_data(as_text=True)
    assert "How you were treated" in html
    assert html.count('class="govuk-radios__input"') == 18
    assert lookups.calls < len(app.jinja_env.globals)


def test_rendering_a_page_again_runs_no_macro_file_again(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
):
    path = _question_page(client)
    assert client.get("/withdraw").status_code == 200
    made = Counted(monkeypatch, MacroImportingTemplate, "make_module")
    for _ in range(2):
        assert client.get(path).status_code == 200
        assert client.get("/withdraw").status_code == 200
    assert made.calls == 0


def _environment() -> Environment:
    environment = Environment(
        autoescape=True,
        loader=DictLoader(
            {
                "macros.html": "{% macro hello() %}Hello {{ place }}{% endmacro %}",
                "page.html": '{% from "macros.html" import hello %}{{ hello() }}',
            }
        ),
    )
    environment.template_class = MacroImportingTemplate
    return environment


def test_an_imported_macro_file_is_made_once_and_kept():
    environment = _environment()
    environment.globals["place"] = "Cardiff"
    page = environment.get_template("page.html")
    assert page.render() == "Hello Cardiff"
    macros = environment.get_template("macros.html")
    kept = macros.module
    assert page.render() == "Hello Cardiff"
    assert environment.get_template("macros.html").module is kept


def test_an_importing_template_with_globals_of_its_own_still_passes_them_on():
    environment = _environment()
    page = environment.get_template("page.html", globals={"place": "Swansea"})
    assert page.render() == "Hello Swansea"
    # The macro file's own module, without that global, is not changed by it.
    assert environment.get_template("macros.html").module.hello() == "Hello "

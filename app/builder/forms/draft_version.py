"""What every builder form that changes a draft carries: the stamp of the draft as its page
showed it, so that a change made to a draft someone else has changed since is refused rather
than saved over theirs (:mod:`app.services.draft_versions`)."""

from __future__ import annotations

import re
from typing import Any

from wtforms import HiddenField

from app.forms import ConfirmForm
from app.services.draft_versions import DraftChanged, stamp
from models import SurveyDraft


def _hex_only(value: Any) -> str:
    """A stamp is 64 hexadecimal digits: anything else sent is cut down to those it has, so
    it is never shown back as it came, and does not match (the change is refused)."""
    return re.sub(r"[^0-9a-f]", "", value)[:64] if isinstance(value, str) else ""


class SeenDraft:
    """A form mixin: the hidden stamp, and whether saving was refused because the draft had
    changed (the page is then shown again, 409, with what was entered kept)."""

    # No id: a page with several such forms (the draft's page) would repeat it.
    draft_version = HiddenField(filters=[_hex_only], render_kw={"id": False})
    draft_changed = False
    #: Saving was refused because the form came without a stamp (a page from before forms
    #: carried one, or a hand-made request): its page is out of date.
    out_of_date = False
    #: The page or question being changed had been removed: the form offers to add it anew.
    removed = False

    def stamp_with(self, draft: SurveyDraft) -> None:
        """On the page's GET, the draft as shown. A form posted back keeps the stamp it came
        with, even when shown again for a mistake in it, so a change in between is caught."""
        self.draft_version.data = stamp(draft.source)

    def seen(self) -> str:
        """The stamp the form came with: empty from a form without one, which the service
        refuses like a stale stamp, never saving a change unchecked."""
        return self.draft_version.data or ""

    def changed_since(self, changed: DraftChanged) -> None:
        """Saving was refused: show the form again stamped with the draft as it is now, so
        that saving it again, after looking, applies the change to that."""
        self.draft_changed = True
        self.out_of_date = changed.unstamped
        self.draft_version.data = changed.stamp or ""

    def removed_since(self, draft: SurveyDraft) -> None:
        """What was being changed has been removed from the draft: nothing is saved, and the
        form is shown again, stamped with the draft as it is now, to add it anew."""
        self.draft_changed = True
        self.removed = True
        self.stamp_with(draft)


class DraftConfirmForm(SeenDraft, ConfirmForm):
    """A button that changes the draft (move a page, publish, remove, discard)."""

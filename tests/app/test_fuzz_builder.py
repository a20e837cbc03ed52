"""Property-based: the survey builder, fed odd input by Hypothesis. Every form on a draft's
pages (details, pages, questions, removing, moving, publishing, discarding, test links, trying
it out), a draft's test link as a colleague answers it, and imported definitions, both text
and files, bent from a real one at any depth. None gives a 5xx, and a refusal stores nothing
(every row compared)."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.services import builder, builder_publish, draft_tests, surveys
from models import Role, SurveyDraft, db
from tests.app.fuzz_helpers import (
    EXAMPLES,
    assert_no_server_error,
    changed_tables,
    fuzz_every_form,
    fuzz_settings,
    refused,
    stored,
)
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

DRAFT = "fuzz-draft"
PAGE = "how-you-were-treated"


def _source() -> dict[str, Any]:
    return {**builder.export_source("stop-search"), "slug": DRAFT}


@pytest.fixture
def draft(client: FlaskClient):
    """An admin signed in, and a draft of a copy of stop-search that each example finds as it
    was: not published, discarded or changed by the example before."""
    signed_in(client, Role.ADMIN)
    source = _source()
    builder.import_source(json.dumps(source))

    def as_it_was() -> None:
        db.session.rollback()
        found = builder.get_draft(DRAFT)
        if found is None and surveys.get_survey(DRAFT) is not None:  # published: edit it
            found = builder.start_editing(DRAFT)
        elif found is None:  # discarded
            found = builder.import_source(json.dumps(source))
        found.source = copy.deepcopy(source)
        db.session.commit()

    return as_it_was


DRAFT_PAGES = [
    "",
    "/details",
    "/discard",
    "/pages/new",
    f"/pages/{PAGE}",
    f"/pages/{PAGE}/remove",
    f"/pages/{PAGE}/questions/new",
    f"/pages/{PAGE}/questions/respect",
    f"/pages/{PAGE}/questions/respect/remove",
    f"/try/{PAGE}",
    "/try/check",
]


@pytest.mark.parametrize("page", DRAFT_PAGES, ids=lambda page: page or "/")
def test_every_form_on_a_drafts_pages_takes_any_input(client: FlaskClient, draft, page: str):
    if page == "/try/check":  # reached once the first page is answered
        trying = Browser(client)
        trying.get(f"/admin/surveys/{DRAFT}/try/{PAGE}")
        trying.post(data={"satisfaction": "satisfied"})
    fuzzed = fuzz_every_form(client, f"/admin/surveys/{DRAFT}{page}", prepare=draft)
    assert fuzzed >= 1


def test_the_test_link_buttons_take_any_input(client: FlaskClient, draft):
    def with_a_test_link() -> None:
        draft()
        if not draft_tests.open_test_links(builder.get_draft(DRAFT)):
            draft_tests.create_test_link(DRAFT)
            db.session.commit()

    # Sharing a new test link, and cancelling the one there is.
    assert fuzz_every_form(client, f"/admin/surveys/{DRAFT}", prepare=with_a_test_link) >= 2


def test_the_edit_button_of_a_published_survey_takes_any_input(client: FlaskClient, draft):
    builder_publish.publish(DRAFT)
    db.session.commit()

    def published_without_a_draft() -> None:
        db.session.rollback()
        if builder.get_draft(DRAFT) is not None:
            builder_publish.discard(DRAFT)
            db.session.commit()

    url = f"/admin/surveys/{DRAFT}"
    assert fuzz_every_form(client, url, prepare=published_without_a_draft) == 1


def test_every_page_of_a_test_link_takes_any_input(app, client: FlaskClient, draft):
    token = draft_tests.create_test_link(DRAFT).token
    db.session.commit()
    tester = app.test_client()  # a colleague it was sent to, not signed in
    keys = [page["key"] for page in _source()["pages"]]
    fuzzed = 0
    for key in keys:
        forget_request_state()
        if tester.get(f"/test/{token}/{key}").status_code == 200:
            fuzzed += fuzz_every_form(tester, f"/test/{token}/{key}")
    assert fuzzed >= 3


# -- importing a definition ----------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "stop-search", "choice", "text", "agree5", DRAFT, "x" * 300]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@st.composite
def bent_definitions(draw) -> Any:
    """A real definition with one place in it, at any depth, replaced or taken away."""
    source = {**builder.export_source("stop-search"), "slug": "imported"}
    where: Any = source
    while isinstance(where, (dict, list)) and where and draw(st.booleans()):
        keys = list(where) if isinstance(where, dict) else list(range(len(where)))
        key = draw(st.sampled_from(keys))
        if not isinstance(where[key], (dict, list)) or not where[key] or draw(st.booleans()):
            if draw(st.booleans()) and isinstance(where, dict):
                del where[key]
            else:
                where[key] = draw(json_values)
            return source
        where = where[key]
    return source if draw(st.booleans()) else draw(json_values)


def _import_page(client: FlaskClient) -> str:
    forget_request_state()
    page = client.get("/admin/surveys/import")
    return Page(page.status_code, "/admin/surveys/import", page.get_data(as_text=True)).csrf_token()


@fuzz_settings(EXAMPLES * 5)
@given(
    definition=bent_definitions(),
    as_file=st.booleans(),
    spoilt=st.sampled_from([None, b"\xff\xfe", b"\x00", b"{", b"\xef\xbb\xbf"]),
)
def test_any_definition_imported_is_refused_cleanly_or_stored_as_a_draft(
    client: FlaskClient, definition: Any, as_file: bool, spoilt: bytes | None
):
    if client.get_cookie("session") is None:
        signed_in(client, Role.ADMIN)
    text = json.dumps(definition)
    token = _import_page(client)
    before = stored()
    drafts = set(db.session.scalars(select(SurveyDraft.slug)))
    forget_request_state()
    if as_file:
        raw = (spoilt or b"") + text.encode()
        data = {"csrf_token": token, "file": (io.BytesIO(raw), "survey.json")}
        response = client.post("/admin/surveys/import", data=data)
    else:
        data = {"csrf_token": token, "definition": (spoilt or b"").decode("latin-1") + text}
        response = client.post("/admin/surveys/import", data=data)
    assert_no_server_error(response, "/admin/surveys/import", text[:300])
    if refused(response):
        assert response.status_code == 400, text[:300]
        assert "govuk-error-summary" in response.get_data(as_text=True), text[:300]
        assert changed_tables(before) == [], text[:300]
    else:
        assert response.status_code == 302, text[:300]
        new = set(db.session.scalars(select(SurveyDraft.slug))) - drafts
        assert len(new) == 1
        db.session.execute(delete(SurveyDraft).where(SurveyDraft.slug.in_(new)))
        db.session.commit()

"""A NUL character typed or pasted into a staff form is taken out before the page reads it:
nothing else that was given is lost, a form with another problem shows it with everything else
kept, and a pasted survey definition with a stray NUL imports. A NUL in the address itself, or
anywhere in a request to the API, is still refused."""

from __future__ import annotations

import io
import json

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import areas
from models import Role, SurveyDraft, db
from tests.app.test_builder_import import HATE_CRIME
from tests.pages import Browser
from tests.staff import signed_in


def test_a_pasted_definition_with_a_stray_nul_is_imported(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/import")
    text = json.dumps(HATE_CRIME, indent=2)
    pasted = text[:40] + "\x00" + text[40:] + "\x00"
    page = browser.post(data={"definition": pasted})
    assert page.url == "/admin/surveys/hate-crime-victims", page.error_summary()
    draft = db.session.scalar(select(SurveyDraft).where(SurveyDraft.slug == "hate-crime-victims"))
    assert draft is not None and "\x00" not in json.dumps(draft.source)


def test_a_pasted_definition_with_a_nul_and_a_mistake_is_shown_again_whole(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/import")
    broken = {**HATE_CRIME, "minutes": "three"}
    text = json.dumps(broken, indent=2)
    page = browser.post(data={"definition": "\x00" + text})
    assert page.status == 400
    assert page.error_summary()  # what is wrong with the definition, not the NUL
    assert "NUL" not in page.text()
    assert page.soup.select_one("textarea[name='definition']").get_text().strip() == text


def test_an_uploaded_file_with_a_nul_imports_without_it(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/surveys/import")
    text = json.dumps(HATE_CRIME)
    body = (text[:40] + "\x00" + text[40:]).encode()
    response = client.post(
        "/admin/surveys/import",
        data={"csrf_token": browser.page.csrf_token(), "file": (io.BytesIO(body), "s.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/surveys/hate-crime-victims")
    draft = db.session.scalar(select(SurveyDraft).where(SurveyDraft.slug == "hate-crime-victims"))
    assert draft is not None and "\x00" not in json.dumps(draft.source)
    assert "\ufffd" not in json.dumps(draft.source)


def test_a_nul_in_a_staff_form_is_taken_out_and_the_rest_kept(
    client: FlaskClient, browser: Browser
):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    browser.get("/admin/areas/new")
    # With another problem on the page (no code), what was typed comes back without the NUL.
    page = browser.post(data={"name": "North\x00 District", "name_cy": "", "code": ""})
    assert page.status == 400
    assert page.error_summary() == ["Enter a code for the area"]
    assert page.soup.select_one("input[name='name']")["value"] == "North District"
    page = browser.post(data={"name": "North\x00 District", "name_cy": "", "code": "no\x00rth"})
    assert page.url == "/admin/areas"
    assert areas.by_code("north").name == "North District"


def test_a_nul_in_the_address_or_to_the_api_is_still_refused(client: FlaskClient):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    assert client.get("/admin/users/%00").status_code == 400
    assert client.get("/admin/audit?action=%00").status_code == 200
    assert client.get("/api/v1/links/x?a=%00").status_code == 400

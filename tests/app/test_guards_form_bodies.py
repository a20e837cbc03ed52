"""A form reads what an HTML form sends, and nothing else of the request: a file sent in a text
box, or a JSON body where a form was expected, is an answer that is not right (the page again
with its errors, 400), never a server error, and nothing of it is kept."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from models import Journey
from tests.app.bad_input_helpers import assert_refused, count, journeys
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import forget_request_state


def _file(name: str = "notes.txt") -> tuple[io.BytesIO, str]:
    return io.BytesIO(b"not a word from a text box"), name


def _post_with_file(browser: Browser, url: str, fields: dict[str, str], file_field: str):
    """The page's form sent as a browser sends a file: ``file_field`` is a file, not text."""
    page = browser.get(url)
    form: dict[str, object] = {
        "csrf_token": page.csrf_token(),
        **({"form-started": page.form_started()} if page.form_started() else {}),
        **fields,
        file_field: _file(),
    }
    forget_request_state()
    return browser.client.post(url, data=form, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("url", "fields", "file_field"),
    [
        ("/sign-in", {"password": "a password"}, "email"),
        ("/withdraw", {}, "code"),
        ("/r", {}, "code"),
    ],
)
def test_a_file_sent_in_a_text_box_is_refused_not_a_server_error(
    app: Flask, url: str, fields: dict[str, str], file_field: str
):
    browser = Browser(app.test_client())
    response = _post_with_file(browser, url, fields, file_field)
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)


def test_a_file_sent_as_an_answer_keeps_what_was_given_and_stores_nothing_of_it(app: Flask):
    token = create_link().token
    browser = Browser(app.test_client())
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": "satisfied"})
    response = _post_with_file(
        browser, f"/r/{token}/in-your-own-words", {"improve": "Explain why"}, "went_well"
    )
    # The box the file was sent in is read as left empty (it may be), so the page is saved.
    assert response.status_code == 302
    # Nothing of the file is kept; the answers given, on this page and before, are.
    (answers,) = journeys()
    assert answers.get("satisfaction") == "satisfied"
    assert answers.get("improve") == "Explain why"
    assert "went_well" not in answers or not answers["went_well"]
    assert "not a word" not in repr(answers)
    assert count(Journey) == 1


@pytest.mark.parametrize(
    "body", ['["email", "password"]', '{"email": {"a": 1}, "password": ["x"]}', "[1, 2]"]
)
def test_a_json_body_where_a_form_was_expected_is_refused(app: Flask, body: str):
    browser = Browser(app.test_client())
    page = browser.get("/sign-in")
    forget_request_state()
    response = browser.client.post(
        "/sign-in",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": page.csrf_token()},
    )
    assert response.status_code == 400
    refused = Browser(app.test_client())._read(response)
    assert_refused(refused, "Enter your email address", "Enter your password")

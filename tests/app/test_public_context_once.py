"""The public pages' header (the force's service name and its link) is worked out once a
request, though each GOV.UK form widget on a question page renders a template of its own; and
still in the reader's language."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.public import views
from tests.factories import create_link


def test_a_question_page_names_the_service_once_a_request(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
):
    force = app.config["FORCE_NAME"]
    path = f"/r/{create_link().token}/how-you-were-treated"
    named = []
    translate = views._

    def counted(text: str, **variables):
        if text == "%(force)s feedback":
            named.append(text)
        return translate(text, **variables)

    monkeypatch.setattr(views, "_", counted)
    html = client.get(path).get_data(as_text=True)
    assert html.count('class="govuk-radios__input"') == 18  # four groups of widgets
    assert f"{force} feedback" in html
    assert len(named) == 1
    welsh = client.get(f"{path}?lang=cy").get_data(as_text=True)
    assert len(named) == 2
    assert f"Adborth {force}" in welsh

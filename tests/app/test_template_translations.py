"""``_()`` in a template finds the request's translations once, not at every call, and still
gives each reader their own language."""

from __future__ import annotations

import flask_babel
import pytest
from flask import Flask
from flask.testing import FlaskClient

SKIP_LINK = "{{ _('Skip to main content') }}"


def _request(app: Flask, path: str):
    """A request of its own, as in production: its own application context, so its own ``g``
    (the tests' open application context would otherwise be shared)."""
    return app.app_context(), app.test_request_context(path)


def test_a_template_finds_the_translations_once_for_all_its_texts(
    app: Flask, monkeypatch: pytest.MonkeyPatch
):
    found = []
    look_up = flask_babel.Domain.get_translations
    monkeypatch.setattr(
        flask_babel.Domain, "get_translations", lambda self: found.append(1) or look_up(self)
    )
    template = app.jinja_env.from_string(SKIP_LINK * 20)
    app_context, request = _request(app, "/withdraw?lang=cy")
    with app_context, request:
        assert template.render() == "Neidio i'r prif gynnwys" * 20
    assert len(found) == 1


def test_each_request_and_each_forced_language_gets_its_own_translations(app: Flask):
    template = app.jinja_env.from_string(SKIP_LINK)
    app_context, request = _request(app, "/withdraw?lang=cy")
    with app_context, request:
        assert template.render() == "Neidio i'r prif gynnwys"
        with flask_babel.force_locale("en"):
            assert template.render() == "Skip to main content"
        assert template.render() == "Neidio i'r prif gynnwys"
    app_context, request = _request(app, "/withdraw")
    with app_context, request:
        assert template.render() == "Skip to main content"


def test_pages_keep_their_language_from_one_request_to_the_next(client: FlaskClient):
    welsh = client.get("/withdraw?lang=cy").get_data(as_text=True)
    assert "Tynnu eich atebion yn ôl" in welsh
    assert "Neidio i'r prif gynnwys" in welsh
    english = client.get("/withdraw?lang=en").get_data(as_text=True)
    assert "Withdraw your answers" in english
    assert "Neidio" not in english

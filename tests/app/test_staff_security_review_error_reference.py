"""An unexpected error on a staff page or in the API gives a reference, and the log's record of
the error carries the same one (OWASP ASVS 4.0, 7.4.1: a generic message, with a unique id
that support can look up). "Tell your administrator what you were doing and when" left whoever
runs the service to guess which of the errors around that time was theirs; nothing else about
the error is shown."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from app.config import ProductionConfig

REFERENCE = re.compile(r"\b[0-9A-F]{8}\b")


@pytest.fixture
def failing_app(database_url: str) -> Iterator[Flask]:
    """The production configuration, with a staff page and an API address that fail as a bug
    would."""
    app = create_app(ProductionConfig, SECRET_KEY="r" * 48, SQLALCHEMY_DATABASE_URI=database_url)

    def fails():
        raise RuntimeError("a detail of the failure nobody is shown")

    app.add_url_rule("/results/failing-for-a-test", "failing_page", fails)
    app.add_url_rule("/api/v1/failing-for-a-test", "failing_api", fails)
    with app.app_context():
        yield app


def _logged_references(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        match.group(0)
        for record in caplog.records
        if record.levelno >= logging.ERROR and record.exc_info
        for match in [REFERENCE.search(record.getMessage())]
        if match
    ]


def test_a_staff_page_that_fails_gives_the_reference_that_is_logged(
    failing_app: Flask, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.ERROR)
    page = failing_app.test_client().get("/results/failing-for-a-test")
    html = page.get_data(as_text=True)

    assert page.status_code == 500
    (logged,) = _logged_references(caplog)
    assert f"give them this reference: <strong>{logged}</strong>" in html
    assert "a detail of the failure" not in html


def test_the_api_gives_the_reference_that_is_logged(
    failing_app: Flask, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.ERROR)
    response = failing_app.test_client().get("/api/v1/failing-for-a-test")

    assert response.status_code == 500
    (logged,) = _logged_references(caplog)
    body = response.get_json()
    assert body["reference"] == logged
    assert logged in body["detail"]
    assert "a detail of the failure" not in response.get_data(as_text=True)


def test_each_failure_has_a_reference_of_its_own(
    failing_app: Flask, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.ERROR)
    client = failing_app.test_client()
    shown = {client.get("/api/v1/failing-for-a-test").get_json()["reference"] for _ in range(3)}
    assert len(shown) == 3
    assert set(_logged_references(caplog)) == shown

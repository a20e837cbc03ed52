"""The database goes away while a respondent is answering, in a real Chromium: the page they
sent is not lost, the "not saved" page passes axe-core, and "Try again" carries on once the
database is back. With JavaScript on and off."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import event, select
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from models import Journey, Response, db
from tests.browser.accessibility import AXE
from tests.browser.conftest import PHONE, QuietRequestHandler
from tests.factories import create_link

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fault_server(app: Flask, database_url: str) -> Iterator[tuple[str, Flask]]:
    """A live server of its own, so that its database can be taken away."""
    served = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    server = make_server("127.0.0.1", 0, served, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="fault-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", served
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with served.app_context():
            db.engine.dispose()


@contextmanager
def database_down(served: Flask) -> Iterator[None]:
    with served.app_context():
        engine = db.engine
    refused = engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        raise refused("could not connect to server: Connection refused")

    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def respondent(request, chromium: Browser, fault_server) -> Iterator[tuple[Page, bool]]:
    """A phone-sized tab, and whether JavaScript is on in it."""
    base, _served = fault_server
    context = chromium.new_context(viewport=PHONE, base_url=base, java_script_enabled=request.param)
    context.set_default_timeout(10_000)
    yield context.new_page(), request.param
    context.close()


def test_a_page_sent_while_the_database_is_down_can_be_sent_again(respondent, fault_server):
    _base, served = fault_server
    token = create_link().token
    page, javascript = respondent
    page.goto(f"/r/{token}/how-you-were-treated")
    page.locator("input[name='respect'][value='agree']").check()
    page.locator("input[name='satisfaction'][value='dissatisfied']").check()

    with database_down(served):
        page.get_by_role("button", name="Continue").click()
        expect(page.locator("h1")).to_have_text("Sorry, your answers were not saved")
        expect(page).to_have_title(re.compile("^Sorry, your answers were not saved"))
        if javascript:  # axe-core runs as a script in the page
            violations = AXE.run(page).response["violations"]
            assert violations == [], [v["id"] for v in violations]

    page.get_by_role("button", name="Try again").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/in-your-own-words$"))
    db.session.expire_all()
    journey = db.session.scalars(select(Journey)).one()
    assert journey.answers == {"respect": "agree", "satisfaction": "dissatisfied"}

    page.goto(f"/r/{token}/check")
    with database_down(served):
        page.get_by_role("button", name="Send answers").click()
        expect(page.locator("h1")).to_have_text("Sorry, your answers were not saved")
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".govuk-panel__title")).to_have_text(
        "Thank you, your answers have been sent"
    )
    db.session.expire_all()
    assert len(db.session.scalars(select(Response)).all()) == 1

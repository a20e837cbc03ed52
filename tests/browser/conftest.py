"""A live server and a real Chromium for the browser tests.

The live server is the app itself, served by werkzeug on 127.0.0.1 in a background thread,
on the same database as the rest of the suite: tests make links with the factories and read
the stored response afterwards, exactly as the Flask-client tests do.

Chromium is Debian's (`apt-get install chromium`). Without it these tests are skipped with
that instruction, except where LP_REQUIRE_ALL is set (CI), where a missing browser fails.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from app import create_app
from app.config import TestConfig
from models import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("LP_REQUIRE_ALL"):
        pytest.fail(f"{reason} (LP_REQUIRE_ALL is set, so browser tests may not be skipped)")
    pytest.skip(reason)


class QuietRequestHandler(WSGIRequestHandler):
    """No access log: pytest would show every asset request of every page on a failure."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def live_server(app: Flask, database_url: str) -> Iterator[str]:
    """The base URL of the app served over real HTTP (depends on `app`: migrations ran)."""
    # Static files cached for the session, as a CDN or proxy would in production: otherwise
    # every page revalidates each stylesheet and script, which is most of the suite's time.
    served = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SEND_FILE_MAX_AGE_DEFAULT=3600
    )
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, served, threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with served.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    _require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _context(chromium: Browser, live_server: str, **options) -> BrowserContext:
    context = chromium.new_context(viewport=PHONE, base_url=live_server, **options)
    # Auto-waiting does the synchronising; this only bounds how long a broken page can hang.
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(chromium: Browser, live_server: str) -> Iterator[Page]:
    """A fresh 360 x 740 browser tab with JavaScript on and no cookies."""
    context = _context(chromium, live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(chromium: Browser, live_server: str) -> Iterator[Page]:
    context = _context(chromium, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()

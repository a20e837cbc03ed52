"""`flask run` serves with Werkzeug's development server, which logs every request's address, a
respondent's link token in it. Its request lines are dropped; the app's access log, which names
the route only, is the one line a request."""

from __future__ import annotations

import logging
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

TOKEN = "4y2rv995vd8v5hevedtrwdjtg1"


@pytest.fixture
def dev_server(app: Flask) -> Iterator[BaseWSGIServer]:
    """The app served by Werkzeug's development server, as `flask run` serves it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(5)


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="werkzeug")
    caplog.set_level(logging.INFO, logger="app.access_log")
    return caplog


def test_the_development_server_logs_no_address(dev_server, logged):
    url = f"http://127.0.0.1:{dev_server.port}/r/{TOKEN}/health-impact?lang=cy"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 404
    assert TOKEN not in logged.text and "health-impact" not in logged.text
    # The request is still logged, by route.
    assert "GET /r/<token>/<page_key> 404" in logged.text


def test_a_malformed_request_is_logged_without_its_request_line(dev_server, logged):
    with socket.create_connection(("127.0.0.1", dev_server.port), timeout=10) as connection:
        connection.sendall(f"GET /r/{TOKEN} HTTP/9.x\r\n\r\n".encode())
        reply = connection.recv(1024)
    assert b"400" in reply
    assert TOKEN not in logged.text
    assert "Development server: refused a request with 400" in logged.text


def test_the_servers_own_messages_still_show(logged):
    logging.getLogger("werkzeug").info(" * Running on http://127.0.0.1:5000")
    assert "Running on http://127.0.0.1:5000" in logged.text

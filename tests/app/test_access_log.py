"""The access log names routes, never addresses: no link token, no page name (a page can give an
answer away: "health-impact" is shown only to people with a long-term condition), no query
string and no client address. gunicorn's own access log, which would write the address, stays off
in `make run` and in the deployment guide."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

from app import create_app
from app.access_log import LIMITER_LOGGER, UNMATCHED
from app.config import TestConfig
from models import Role
from tests.app.test_journey import answer_stop_search
from tests.factories import create_link
from tests.staff import signed_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.set_level(logging.INFO, logger="app.access_log")
    lines: list[str] = []
    caplog.handler.addFilter(lambda record: lines.append(record.getMessage()) or True)
    return lines


def test_a_respondents_journey_is_logged_by_route_only(browser, access_log):
    token = create_link().token
    answer_stop_search(
        browser, token, equality={"ethnic_group": "black", "long_term_condition": "yes"}
    )
    # The page shown only to people with a long-term condition gives that answer away.
    assert browser.get(f"/r/{token}/health-impact").status == 200
    browser.get(f"/r/{token}/check?lang=cy")

    logged = "\n".join(access_log)
    assert "GET /r/<token>/<page_key> 200" in logged
    assert "POST /r/<token>/<page_key> 302" in logged
    for secret in (token, "health-impact", "what-you-were-told", "lang=cy", "127.0.0.1"):
        assert secret not in logged, secret


def test_an_unknown_address_is_logged_without_it(client, access_log):
    assert client.get("/r/someones-token/extra/parts").status_code == 404
    assert access_log[-1].startswith(f"GET {UNMATCHED} 404")
    assert "someones-token" not in "\n".join(access_log)


def test_an_officers_code_page_is_logged_without_its_token(client, access_log):
    officer = signed_in(client, Role.OFFICER)
    token = create_link(created_by_id=officer.id).token
    assert client.get(f"/officer/codes/{token}").status_code == 200
    assert any(line.startswith("GET /officer/codes/<token> 200") for line in access_log)
    assert token not in "\n".join(access_log)


def _gunicorn_commands() -> dict[str, str]:
    """make run's gunicorn command and the deployment guide's."""
    makefile = (ROOT / "Makefile").read_text()
    guide = (ROOT / "docs" / "deploy.md").read_text()
    return {
        "Makefile": re.search(r"\$\(BIN\)/gunicorn.*?wsgi:app", makefile, re.S).group(0),
        "docs/deploy.md": re.search(r"```sh\n(\.venv/bin/gunicorn .*?)```", guide, re.S).group(1),
    }


def test_gunicorn_writes_no_access_log_of_its_own():
    # Its access log can only name the address asked for, token and page included.
    for where, command in _gunicorn_commands().items():
        assert "--workers" in command, where
        assert "--access-logfile" not in command, where
        assert "access-logformat" not in command, where


def test_rate_limit_keys_stay_out_of_the_log_at_any_root_level(app, caplog):
    # A limit's key is a client's address, or the email tried at sign-in.
    caplog.set_level(logging.DEBUG)
    assert logging.getLogger(LIMITER_LOGGER).getEffectiveLevel() == logging.WARNING


def test_each_request_is_written_once_when_the_root_logger_also_writes(database_url, capsys):
    # Under gunicorn, or after the migrations' logging set-up in the same process, the root
    # logger has a handler of its own: the access line must not be written through both.
    logger = logging.getLogger("app.access_log")
    kept = (logger.handlers[:], logger.propagate)
    root_handler = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(root_handler)
    try:
        logger.handlers.clear()
        served = create_app(TestConfig, TESTING=False, SQLALCHEMY_DATABASE_URI=database_url)
        served.test_client().get("/no-such-page")
        written = capsys.readouterr()
    finally:
        logging.getLogger().removeHandler(root_handler)
        logger.handlers[:], logger.propagate = kept
    assert written.out.count(f"GET {UNMATCHED} 404") == 1
    assert UNMATCHED not in written.err

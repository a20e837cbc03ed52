"""Signed payloads compressed with a cookie-sized window (app/compact_signing.py): what they
hold, and who can read them, is as with Flask's and itsdangerous's own."""

from __future__ import annotations

import base64

import pytest
from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.compact_signing import CompactSessionCookies, CompactURLSafeTimedSerializer

KEY = "a secret key long enough for the tests, not used anywhere else"
# What a respondent's cookie holds after a few links: it compresses well.
JOURNEYS = [[f"{n:026d}", f"journey-{n:040d}"] for n in range(5)]


def _app(interface: SecureCookieSessionInterface, key: str = KEY, fallbacks=()) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=key, SECRET_KEY_FALLBACKS=list(fallbacks))
    app.session_interface = interface

    @app.post("/keep")
    def keep():
        session["journeys"] = JOURNEYS
        session["lang"] = "cy"
        return "kept"

    @app.get("/read")
    def read():
        return {"journeys": session.get("journeys"), "lang": session.get("lang")}

    return app


def _cookie(app: Flask) -> str:
    client = app.test_client()
    client.post("/keep")
    return client.get_cookie("session").value


def _read(app: Flask, cookie: str) -> dict:
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/read").get_json()


KEPT = {"journeys": JOURNEYS, "lang": "cy"}
EMPTY = {"journeys": None, "lang": None}


def test_a_session_from_before_reads_the_same() -> None:
    written_before = _cookie(_app(SecureCookieSessionInterface()))
    assert _read(_app(CompactSessionCookies()), written_before) == KEPT


def test_flask_reads_the_new_sessions_so_going_back_a_release_keeps_them() -> None:
    written_now = _cookie(_app(CompactSessionCookies()))
    assert _read(_app(SecureCookieSessionInterface()), written_now) == KEPT


def test_a_session_is_compressed_with_a_window_the_size_of_a_cookie() -> None:
    cookie = _cookie(_app(CompactSessionCookies()))
    payload = cookie.split(".")[1]  # ".<payload>.<time>.<signature>": compressed
    assert cookie.startswith(".")
    stream = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    # The zlib header's first byte names the window: 0x48 is 4 KB (zlib's default, 0x78, 32 KB).
    assert stream[0] == 0x48
    assert len(cookie) < len(_cookie(_app(SecureCookieSessionInterface()))) + 8


def test_a_changed_cookie_is_not_believed() -> None:
    cookie = _cookie(_app(CompactSessionCookies()))
    forged = cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]
    assert _read(_app(CompactSessionCookies()), forged) == EMPTY


def test_sessions_signed_with_another_key_are_refused() -> None:
    cookie = _cookie(_app(CompactSessionCookies(), key="another key entirely, never this app's"))
    assert _read(_app(CompactSessionCookies()), cookie) == EMPTY


def test_a_retired_key_in_the_fallbacks_still_reads_and_new_cookies_use_the_current_key() -> None:
    old_key = "the key before it was rotated, kept as a fallback for a while"
    before = _cookie(_app(CompactSessionCookies(), key=old_key))
    rotated = _app(CompactSessionCookies(), key=KEY, fallbacks=[old_key])
    assert _read(rotated, before) == KEPT
    assert _read(_app(SecureCookieSessionInterface(), key=KEY), _cookie(rotated)) == KEPT


@pytest.mark.parametrize("value", ["f" * 40, 1764500000123, {"path": "/r/x", "stamp": "y" * 300}])
def test_tokens_read_the_same_either_way(value) -> None:
    compact = CompactURLSafeTimedSerializer(KEY, salt="a-salt")
    plain = URLSafeTimedSerializer(KEY, salt="a-salt")
    assert plain.loads(compact.dumps(value), max_age=60) == value
    assert compact.loads(plain.dumps(value), max_age=60) == value


def test_a_token_still_expires_and_keeps_to_its_salt() -> None:
    token = CompactURLSafeTimedSerializer(KEY, salt="a-salt").dumps("f" * 40)
    with pytest.raises(SignatureExpired):
        CompactURLSafeTimedSerializer(KEY, salt="a-salt").loads(token, max_age=-1)
    with pytest.raises(BadSignature):
        CompactURLSafeTimedSerializer(KEY, salt="another-salt").loads(token)


def test_a_long_payload_is_still_compressed_and_reads_back() -> None:
    value = {"answers": ["the same words again and again"] * 400}
    token = CompactURLSafeTimedSerializer(KEY).dumps(value)
    assert token.startswith(".")
    assert len(token) < len(str(value)) // 4
    assert URLSafeTimedSerializer(KEY).loads(token) == value

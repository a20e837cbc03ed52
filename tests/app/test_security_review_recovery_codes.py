"""Recovery codes are kept so that a copy of the database does not give them away (OWASP ASVS
4.0, 2.6.2: a look-up secret of less than 112 bits, as these 50-bit codes are, is stored
salted). A plain SHA-256 of each code lets anyone holding the table try every possible code
once and read off every account's codes at the same time; with a salt of each account's own,
each account must be attacked apart, and the same code never looks the same twice. The codes
still sign in once each."""

from __future__ import annotations

import hashlib
from unittest import mock

from flask import Flask
from sqlalchemy import select

from app.services import two_factor
from models import Role, db
from models.user import RecoveryCode
from tests.pages import Browser
from tests.staff import PASSWORD, RECOVERY_CODES, create_user

SAME = "abcde-fghjk"


def test_the_same_recovery_code_is_stored_differently_for_each_account(app: Flask):
    with mock.patch.object(two_factor, "_new_recovery_code", lambda: SAME):
        for email in ("one@example.org", "two@example.org"):
            create_user(Role.ANALYST, email)
    stored = set(db.session.scalars(select(RecoveryCode.code_hash)))
    plain = hashlib.sha256(two_factor.normalise_code(SAME).encode()).hexdigest()
    assert plain not in stored
    assert len(stored) == 2  # one for each account, though every code they were given is alike


def test_a_salted_recovery_code_still_signs_in_once(app: Flask):
    create_user(Role.ANALYST, "analyst@example.org")
    code = RECOVERY_CODES["analyst@example.org"][0]
    for expected in ("/results/", "/sign-in/two-factor"):
        browser = Browser(app.test_client())
        browser.get("/sign-in")
        browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
        assert browser.post(data={"code": code.upper()}).url == expected


def test_a_code_kept_before_salting_still_signs_in_once(app: Flask):
    user = create_user(Role.ANALYST, "analyst@example.org")
    old = "mnpqr-stuvw"
    db.session.add(
        RecoveryCode(
            user_id=user.id,
            code_hash=hashlib.sha256(two_factor.normalise_code(old).encode()).hexdigest(),
        )
    )
    db.session.commit()
    for expected in ("/results/", "/sign-in/two-factor"):
        browser = Browser(app.test_client())
        browser.get("/sign-in")
        browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
        assert browser.post(data={"code": old}).url == expected

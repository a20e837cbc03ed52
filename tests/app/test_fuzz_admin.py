"""Property-based: the admin's forms that test_fuzz.py does not reach, fed odd input by
Hypothesis: disclosure thresholds, changing a role, deactivating and reactivating someone,
resetting their two-factor sign-in, revoking an API token, and the audit log's and the counts'
addresses. None gives a 5xx; a refusal stores nothing (every row compared); and whatever is
sent, the thresholds in force never fall below the floors the service was started with."""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from app.services import api_tokens, disclosure_settings, two_factor
from models import ApiToken, Role, Scope, User, db
from tests.app.fuzz_helpers import (
    EXAMPLES,
    assert_no_server_error,
    changed_tables,
    fuzz_every_form,
    fuzz_settings,
    odd_text,
    stored,
)
from tests.staff import create_user, forget_request_state, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN)


@pytest.fixture
def someone() -> User:
    """An analyst for the admin to manage, put back as they were before each example."""
    return create_user(Role.ANALYST, "someone@example.org")


def as_they_were(user: User, *, active: bool = True):
    """Before each example: the analyst ``user``, active (or not), with two-factor sign-in."""
    key = pyotp.random_base32()

    def put_back() -> None:
        db.session.refresh(user)
        user.role, user.active = Role.ANALYST, active
        db.session.commit()
        if not user.has_two_factor:
            two_factor.set_up_with_key(user, key)

    return put_back


def test_the_disclosure_thresholds_never_fall_below_their_floors(app: Flask, client, admin):
    assert fuzz_every_form(client, "/admin/disclosure-thresholds", examples=EXAMPLES * 3) == 1
    k, k_text = disclosure_settings.thresholds()
    assert k >= app.config["SUPPRESSION_K"]
    assert k_text >= max(k, app.config["SUPPRESSION_K_TEXT"])


@pytest.mark.parametrize(
    "page", ["role", "deactivate", "reset-two-factor", "reset-password"], ids=str
)
def test_the_forms_about_someones_account_take_any_input(client, admin, someone, page: str):
    url = f"/admin/users/{someone.public_id}/{page}"
    assert fuzz_every_form(client, url, prepare=as_they_were(someone)) == 1


def test_the_reactivate_question_takes_any_input(client, admin, someone):
    url = f"/admin/users/{someone.public_id}/reactivate"
    assert fuzz_every_form(client, url, prepare=as_they_were(someone, active=False)) == 1


def test_the_revoke_button_takes_any_input(client, admin):
    token = api_tokens.create_token("Force website", list(Scope)).token

    def not_revoked() -> None:
        db.session.execute(db.update(ApiToken).values(revoked_at=None))
        db.session.commit()

    url = f"/admin/tokens/{token.public_id}/revoke"
    assert fuzz_every_form(client, url, prepare=not_revoked) == 1


ADDRESSES = ["/admin/audit", "/admin/offered-and-answered", "/admin/users", "/admin/tokens"]
NAMES = ["action", "page", "next", "lang", "sort", "id", "x"]


@fuzz_settings(EXAMPLES * 3)
@example(query=[("page", "99999999999999999999")])
@example(query=[("page", "-1")])
@example(query=[("page", "0")])
@example(query=[("action", "sign_in"), ("action", "x"), ("page", "2")])
@given(query=st.lists(st.tuples(st.sampled_from(NAMES), odd_text), max_size=4))
def test_admin_pages_take_any_address(client: FlaskClient, query: list[tuple[str, str]]):
    if client.get_cookie("session") is None:
        signed_in(client, Role.ADMIN)
    before = stored()
    for url in ADDRESSES:
        forget_request_state()
        response = client.get(url, query_string=query)
        assert_no_server_error(response, url, query)
        # A NUL is taken out before the page reads the address, never refused outright.
        assert response.status_code == 200, (url, query)
    assert changed_tables(before) == []

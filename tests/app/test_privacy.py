"""The privacy rules of DESIGN.md, checked against the database itself: after a real
submission, nothing that could identify the respondent or their link is stored anywhere."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Date, DateTime, Time, inspect, select

from app.services import links, responses
from models import Journey, Link, Response, db, today
from tests.factories import create_link
from tests.pages import Browser

IP_ADDRESS = "203.0.113.77"
FORWARDED_FOR = "198.51.100.23"
USER_AGENT = "PrivacyProbe/9.7 (Listening Post test; +zx81-spectrum-4242)"
FREE_TEXT = "The officer with the red umbrella was patient with me."
RESPONSE_TABLES = ("responses", "answers", "text_answers", "text_answer_themes")
# Where a response may never lead: the link (and so the encounter) and the people who made it.
FORBIDDEN = {"links", "users", "journeys", "api_tokens"}


class Submission:
    """What the respondent's browser knew during one full stop-search submission."""

    def __init__(self, token: str, journey_id: str, cookie: str, code: str) -> None:
        self.token = token
        self.journey_id = journey_id
        self.cookie = cookie
        self.code = code


@pytest.fixture
def submission(client, caplog) -> Iterator[Submission]:
    caplog.set_level(logging.DEBUG)
    client.environ_base.update(
        REMOTE_ADDR=IP_ADDRESS,
        HTTP_USER_AGENT=USER_AGENT,
        HTTP_X_FORWARDED_FOR=FORWARDED_FOR,
    )
    browser = Browser(client)
    token = create_link("stop-search").token
    browser.get(f"/r/{token}")
    browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"respect": "agree", "satisfaction": "satisfied"})
    browser.post(data={"went_well": FREE_TEXT})
    browser.get(f"/r/{token}/ethnic-group")
    browser.post(data={"ethnic_group": "black"})
    browser.post(data={"ethnicity": "black_caribbean"})
    journey_id = db.session.scalars(select(Journey.id)).one()
    cookie = client.get_cookie("session").value
    check = browser.get(f"/r/{token}/check")
    assert check.h1 == "Check your answers before sending them"
    done = browser.post()
    assert done.h1 == "Thank you, your answers have been sent"
    code = done.soup.select_one("#withdrawal-code").get_text(strip=True)
    db.session.expire_all()
    yield Submission(token, journey_id, cookie, code)


def every_value_in_the_database() -> Iterator[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null value of every table."""
    db.session.commit()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()).mappings():
            for column, value in row.items():
                if value is not None:
                    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    yield table.name, column, text


def places(needle: str) -> set[tuple[str, str]]:
    lowered = needle.lower()
    return {(t, c) for t, c, value in every_value_in_the_database() if lowered in value.lower()}


def test_the_database_dump_sees_what_was_stored(submission):
    # The search below is only worth something if it finds what is there.
    assert places(FREE_TEXT) == {("text_answers", "text")}
    assert ("answers", "value") in places("black_caribbean") or ("responses", "ethnicity") in (
        places("black_caribbean")
    )
    assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_no_ip_address_or_user_agent_is_stored_anywhere(submission):
    assert places(IP_ADDRESS) == set()
    assert places(FORWARDED_FOR) == set()
    assert places(USER_AGENT) == set()
    assert places("zx81-spectrum-4242") == set()


def test_the_token_is_stored_only_on_its_link(submission):
    assert places(submission.token) == {("links", "token")}


def test_no_journey_id_session_cookie_or_withdrawal_code_is_stored(submission):
    assert places(submission.journey_id) == set()
    assert places(submission.cookie) == set()
    for part in submission.cookie.split("."):
        if len(part) >= 8:
            assert places(part) == set(), part
    assert places(submission.code) == set()
    assert places(submission.code.replace("-", "")) == set()


def test_logs_hold_no_answers_tokens_or_addresses(submission, caplog):
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    for secret in (
        submission.token,
        submission.journey_id,
        submission.code,
        FREE_TEXT,
        "black_caribbean",
        IP_ADDRESS,
        USER_AGENT,
    ):
        assert secret not in logged


def test_single_use_token_is_burned_and_not_kept_with_the_response(submission):
    link = db.session.scalars(select(Link).where(Link.token == submission.token)).one()
    assert link.used_on == today()
    assert isinstance(link.used_on, dt.date) and not isinstance(link.used_on, dt.datetime)
    response = db.session.scalars(select(Response)).one()
    assert not hasattr(response, "link_id") and not hasattr(response, "link")
    # The response keeps only its month, so it cannot be matched to the code by the day used.
    assert response.submitted_on == today().replace(day=1)
    assert response.submitted_month == today().strftime("%Y-%m")
    assert db.session.scalars(select(Journey)).all() == []


def _columns(table: str) -> list[dict]:
    return inspect(db.engine).get_columns(table)


def test_responses_carry_a_date_but_no_time_of_day():
    types = {column["name"]: column["type"] for column in _columns("responses")}
    assert isinstance(types["submitted_on"], Date)
    timed = [
        name
        for name, kind in types.items()
        if isinstance(kind, DateTime | Time) or "time" in str(kind).lower()
    ]
    assert timed == []


def test_nothing_stored_with_a_response_has_a_time_of_day(submission):
    stamped = {
        f"{table}.{column}": value
        for table, column, value in every_value_in_the_database()
        if table in RESPONSE_TABLES
        and isinstance(db.metadata.tables[table].c[column].type, DateTime | Time)
    }
    assert stamped == {}


def test_no_response_column_refers_to_a_link_or_a_person():
    inspector = inspect(db.engine)
    for table in RESPONSE_TABLES:
        referred = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert referred.isdisjoint(FORBIDDEN), (table, referred)
        names = {column["name"] for column in inspector.get_columns(table)}
        suspicious = {
            name
            for name in names
            if set(name.split("_")) & {"link", "token", "user", "officer", "ip", "agent", "cookie"}
        }
        assert suspicious == set(), (table, suspicious)


def test_no_chain_of_references_leads_from_a_response_to_a_link_or_a_person():
    inspector = inspect(db.engine)
    reachable: set[str] = set()
    frontier = set(RESPONSE_TABLES)
    while frontier:
        table = frontier.pop()
        reachable.add(table)
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] not in reachable:
                frontier.add(fk["referred_table"])
    assert {"surveys", "survey_versions"} <= reachable  # the walk does follow references
    assert reachable.isdisjoint(FORBIDDEN), reachable & FORBIDDEN


def test_tokens_are_130_random_bits_spelled_for_typing():
    """26 characters of Crockford's base32, each of the 32 equally likely in every position:
    nothing about one link helps guess another."""
    tokens = [links.new_token() for _ in range(4000)]
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) == 26 and set(token) <= set(links.ALPHABET) for token in tokens)
    for position in (0, 12, 25):  # the last character carries the 130th bit and must vary too
        seen = Counter(token[position] for token in tokens)
        assert set(seen) == set(links.ALPHABET)
        assert max(seen.values()) < 3 * min(seen.values())


def test_withdrawal_codes_are_80_random_bits_spelled_for_typing():
    """16 characters of Crockford's base32, each of the 32 equally likely in every position:
    one person's withdrawal code helps nobody guess another's."""
    codes = [responses._new_withdrawal_code() for _ in range(4000)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 16 and set(code) <= set(links.ALPHABET) for code in codes)
    assert all(links.clean_code(links.display_code(code), 16) == code for code in codes[:50])
    for position in (0, 8, 15):  # the last character carries the 80th bit and must vary too
        seen = Counter(code[position] for code in codes)
        assert set(seen) == set(links.ALPHABET)
        assert max(seen.values()) < 3 * min(seen.values())

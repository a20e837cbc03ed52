"""The audit log names an area as it was called when each event happened, with its code, and
what it is called now where that is another name: an area renamed twice reads, in each row,
by the name an admin knew it by at the time."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from models import Role, User
from tests.app.test_areas_welsh import NORTH, _add, _audit_rows, _edit
from tests.pages import Browser
from tests.staff import signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_each_area_event_names_the_area_as_it_was_called_then(admin, browser: Browser, client):
    _add(browser)
    _edit(browser, "north", name="North and Coast")
    _edit(browser, "north", name="North and Coast", active="no")
    _edit(browser, "north", name="The Coast", active="no")
    _edit(browser, "north", name="The Coast", name_cy="Yr Arfordir", active="no")

    rows = [(row[1], row[2]) for row in _audit_rows(client) if row[1].startswith("Area")]
    assert rows == [
        ("Area renamed", "The Coast (north)"),
        ("Area renamed", "North and Coast (north), now called The Coast"),
        ("Area no longer offered to officers", "North and Coast (north), now called The Coast"),
        ("Area renamed", f"{NORTH} (north), now called The Coast"),
        ("Area added", f"{NORTH} (north), now called The Coast"),
    ]


def test_an_area_renamed_and_retired_at_once_reads_in_order(admin, browser: Browser, client):
    _add(browser)
    _edit(browser, "north", name="North and Coast", active="no")

    rows = [(row[1], row[2]) for row in _audit_rows(client) if row[1].startswith("Area")]
    assert rows == [
        ("Area no longer offered to officers", "North and Coast (north)"),
        ("Area renamed", f"{NORTH} (north), now called North and Coast"),
        ("Area added", f"{NORTH} (north), now called North and Coast"),
    ]

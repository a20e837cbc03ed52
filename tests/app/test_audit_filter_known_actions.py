"""The audit log's filter keeps a kind of event nobody has caused yet: the Retention page links
to the log of purges, which on a fresh deployment has none. Before, the filter was dropped and
every event shown, with nothing saying so. A kind the service does not record is said to be
unknown, and every event is shown."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import audit
from app.services.audit_display import ACTION_NAMES
from models import Role, User
from tests.pages import Browser
from tests.staff import signed_in


def _admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _count(page) -> str:
    return " ".join(page.soup.select_one("#audit-count").get_text().split())


def test_the_retention_page_s_link_shows_no_purges_yet_on_a_fresh_deployment(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    audit.record("results.export", "stop-search", {"format": "csv"})
    retention_page = browser.get("/admin/retention")
    link = retention_page.soup.select_one("a[href='/admin/audit?action=retention.purge']")
    assert link is not None

    page = browser.get(link["href"])

    assert page.status == 200
    assert page.soup.select_one("#action option[selected]")["value"] == "retention.purge"
    assert _count(page).startswith("No events of this kind yet.")
    assert page.soup.select_one("#audit-events") is None
    assert page.soup.select_one("#audit-count a")["href"] == "/admin/audit"
    assert not page.error_summary()


def test_the_filter_offers_every_kind_of_event_the_service_records(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    page = browser.get("/admin/audit")
    offered = {option["value"] for option in page.soup.select("#action option")}
    assert offered == {"", *ACTION_NAMES}
    texts = [option.get_text() for option in page.soup.select("#action option")][1:]
    assert texts == sorted(texts)
    assert "Old responses and audit events deleted" in texts


def test_a_kind_only_the_log_holds_is_offered_too(client: FlaskClient, browser: Browser):
    _admin(client)
    audit.record("legacy.thing", "something")
    page = browser.get("/admin/audit?action=legacy.thing")
    assert page.soup.select_one("#action option[selected]")["value"] == "legacy.thing"
    assert _count(page).startswith("1 event.")


def test_an_unknown_kind_says_so_and_shows_every_event_keeping_the_person(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    audit.record("results.export", "stop-search", {"format": "csv"})
    page = browser.get("/admin/audit?action=retention.purg&person=Admin@Example.org")

    assert page.status == 200
    assert page.title.startswith("Error: Audit log")
    problem = (
        "There is no kind of event called “retention.purg”, so every event is shown: "
        "choose a kind from the list"
    )
    assert page.error_summary() == [problem]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#action"
    assert problem in page.field_errors()[0]
    assert page.soup.select_one("#action")["aria-describedby"] == "action-error"
    assert page.soup.select_one("#action option[selected]")["value"] == ""
    assert page.soup.select_one("#person")["value"] == "admin@example.org"


def test_a_very_long_unknown_kind_is_cut_short_in_the_message(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    page = browser.get("/admin/audit?action=" + "x" * 5000)
    assert page.status == 200
    assert "x" * 100 + "”" in page.error_summary()[0]
    assert "x" * 101 not in page.text()


def test_the_page_says_it_records_staff_reading_written_answers_but_not_the_answers(
    client: FlaskClient, browser: Browser
):
    _admin(client)
    intro = " ".join(browser.get("/admin/audit").soup.select_one("main h1 + p").get_text().split())
    assert "staff reading respondents' written answers" in intro
    assert "It never holds the answers themselves." in intro

"""Admins set the disclosure thresholds on a page of their own: never below the deployment's
floor (SUPPRESSION_K, SUPPRESSION_K_TEXT), quotes never below figures, every change audited,
and every results page, report, export and the API follow a change straight away."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens, disclosure_settings
from models import AuditEvent, Role, Scope, ServiceSetting, User, db
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import forget_request_state, signed_in

PAGE = "/admin/disclosure-thresholds"
SATISFIED = {"satisfaction": "satisfied"}
RUDE = ("improve", "The officer was rude to me", -0.6, ["Respect and manner"])


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _save(browser: Browser, k: str, k_text: str):
    browser.get(PAGE)
    return browser.post(data={"k": k, "k_text": k_text})


def _inputs(page) -> tuple[str, str]:
    return tuple(page.soup.select_one(f"input[name='{n}']")["value"] for n in ("k", "k_text"))


def _stored() -> dict[str, int]:
    db.session.expire_all()
    return {row.name: row.value for row in db.session.scalars(select(ServiceSetting))}


def _audited() -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "settings.disclosure"))
    )


def test_the_admin_home_page_leads_to_the_thresholds_which_start_at_the_floor(admin, browser):
    home = browser.get("/admin/")
    link = home.soup.find("a", string="Disclosure thresholds")
    page = browser.get(link["href"])
    assert page.url == PAGE and page.h1 == "Disclosure thresholds"
    assert _inputs(page) == ("10", "20")
    text = page.text()
    assert "Shown for groups of 10 or more respondents" in text
    assert "Shown for groups of 20 or more respondents" in text
    assert "Never: the lowest values this service allows apply" in text
    # In plain words: what each number does, the floor, and where a change applies.
    assert "counts, percentages, sentiment and themes about fewer respondents" in text
    assert "10 for figures and 20 for quotes" in text and "never below" in text
    assert "every results page, report, CSV and Excel export and the API" in text


def test_every_admin_page_s_navigation_leads_to_the_thresholds(admin, browser: Browser):
    for start in ("/admin/audit", "/admin/surveys/", "/results/"):
        page = browser.get(start)
        item = page.soup.select_one(f".govuk-service-navigation__item a[href='{PAGE}']")
        assert item is not None, start
        assert item.get_text(strip=True) == "Disclosure thresholds"
    page = browser.get(PAGE)
    active = page.soup.select_one(".govuk-service-navigation__item--active")
    assert active.get_text(strip=True) == "Disclosure thresholds"
    assert active.select_one("a")["aria-current"] == "page"
    # A page of the navigation, as Users and Audit log are: no back link to the Users page.
    assert page.soup.select_one(".govuk-back-link") is None


def test_an_analyst_s_navigation_has_no_thresholds(client, browser: Browser):
    signed_in(client, Role.ANALYST, email="analyst@example.org")
    page = browser.get("/results/")
    navigation = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation a")]
    assert "Results" in navigation and "Disclosure thresholds" not in navigation


def test_an_admin_raises_the_thresholds_and_the_change_is_audited(admin, browser: Browser):
    page = _save(browser, " 15 ", "25")
    assert page.status == 200 and page.url == PAGE
    assert "groups of at least 15 respondents, and quotes for groups of at least 25" in (
        page.text()
    )
    assert _inputs(page) == ("15", "25")
    assert "by admin@example.org" in page.text()
    assert _stored() == {"disclosure_k": 15, "disclosure_k_text": 25}
    assert disclosure_settings.thresholds() == (15, 25)
    [event] = _audited()
    assert event.actor == "admin@example.org"
    assert event.detail == {
        "smallest_group_for_figures": {"from": 10, "to": 15},
        "smallest_group_for_quotes": {"from": 20, "to": 25},
    }
    log = browser.get("/admin/audit?action=settings.disclosure").text()
    assert "Disclosure thresholds changed" in log
    assert re.search(r"Smallest group for figures: from 10,? to 15", log)
    assert re.search(r"Smallest group for quotes: from 20,? to 25", log)

    # Lowered again, as far as the floor and no further; saving the same values changes nothing.
    _save(browser, "10", "20")
    assert disclosure_settings.thresholds() == (10, 20)
    assert _audited()[-1].detail["smallest_group_for_figures"] == {"from": 15, "to": 10}
    page = _save(browser, "10", "20")
    assert "Nothing has changed" in page.text()
    assert len(_audited()) == 2


@pytest.mark.parametrize(
    ("k", "k_text", "errors"),
    [
        ("", "", ["Enter the smallest group whose figures are shown",
                  "Enter the smallest group whose quotes are shown"]),
        ("ten", "20.5", [
            "The smallest group whose figures are shown must be a whole number, like 15",
            "The smallest group whose quotes are shown must be a whole number, like 15",
        ]),
        ("-3", "²", [
            "The smallest group whose figures are shown must be a whole number, like 15",
            "The smallest group whose quotes are shown must be a whole number, like 15",
        ]),
        ("9", "20", [
            "The smallest group whose figures are shown must be 10 or more, the lowest this "
            "service allows"
        ]),
        ("10", "19", [
            "The smallest group whose quotes are shown must be 20 or more, the lowest this "
            "service allows"
        ]),
        # Both numbers wrong: each field's problem is named at once.
        ("1001", "1001", [
            "The smallest group whose figures are shown must be 1,000 or fewer",
            "The smallest group whose quotes are shown must be 1,000 or fewer",
        ]),
        ("9", "19", [
            "The smallest group whose figures are shown must be 10 or more, the lowest this "
            "service allows",
            "The smallest group whose quotes are shown must be 20 or more, the lowest this "
            "service allows",
        ]),
        ("ten", "5000", [
            "The smallest group whose figures are shown must be a whole number, like 15",
            "The smallest group whose quotes are shown must be 1,000 or fewer",
        ]),
        # Figures too high to save: quotes are not also told to be at least that.
        ("2000", "30", [
            "The smallest group whose figures are shown must be 1,000 or fewer"
        ]),
        ("15", "9" * 5000, ["The smallest group whose quotes are shown must be 1,000 or fewer"]),
        ("30", "25", [
            "The smallest group whose quotes are shown must be at least the smallest group "
            "whose figures are shown (30)"
        ]),
    ],
)  # fmt: skip
def test_bad_thresholds_get_clear_errors_keep_what_was_typed_and_change_nothing(
    admin, browser: Browser, k: str, k_text: str, errors: list[str]
):
    page = _save(browser, k, k_text)
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == errors
    assert page.field_errors() == errors
    assert _inputs(page) == (k.strip(), k_text.strip())
    # The summary's links lead to the fields.
    for link in page.soup.select(".govuk-error-summary a"):
        assert page.soup.select_one(link["href"]) is not None
    assert "Shown for groups of 10 or more respondents" in page.text()
    assert _stored() == {} and _audited() == []


def test_a_change_without_the_form_s_csrf_token_is_refused(admin, browser: Browser):
    browser.get(PAGE)
    page = browser.post(data={"k": "15", "k_text": "25"}, csrf=False)
    assert page.status == 400
    assert disclosure_settings.thresholds() == (10, 20)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OFFICER])
def test_only_admins_may_see_or_change_the_thresholds(client, role):
    signed_in(client, role)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"k": "5", "k_text": "5"}).status_code in (400, 403)
    assert _stored() == {}


def test_the_deployment_s_floor_wins_when_it_is_raised_above_an_admin_s_value(app: Flask):
    disclosure_settings.change(12, 20, None)
    assert disclosure_settings.thresholds() == (12, 20)
    floors = app.config["SUPPRESSION_K"], app.config["SUPPRESSION_K_TEXT"]
    app.config.update(SUPPRESSION_K=14, SUPPRESSION_K_TEXT=30)
    try:
        settings = disclosure_settings.current()
        assert (settings.k, settings.k_text) == (14, 30)
        assert (settings.floor_k, settings.floor_k_text) == (14, 30)
        with pytest.raises(disclosure_settings.DisclosureSettingsError) as refused:
            disclosure_settings.change(12, 30, None)
        assert refused.value.field == "k"
    finally:
        app.config.update(SUPPRESSION_K=floors[0], SUPPRESSION_K_TEXT=floors[1])


def test_quotes_are_never_set_below_figures_even_when_only_figures_are_raised(app: Flask):
    """An admin raises k above the k_text floor: k_text must be raised with it."""
    with pytest.raises(disclosure_settings.DisclosureSettingsError):
        disclosure_settings.change(25, 20, None)
    disclosure_settings.change(25, 25, None)
    assert disclosure_settings.thresholds() == (25, 25)


# Every reader follows a change at once: a group of 12 is shown at k=10 and hidden at k=15.


def _twelve_mixed() -> None:
    add_responses(
        group(40, "white", answers=SATISFIED, texts=[RUDE])
        + group(30, "black", answers=SATISFIED)
        + group(25, "asian", answers=SATISFIED)
        + group(12, "mixed", answers=SATISFIED)
    )


def _api(client: FlaskClient, secret: str) -> dict[str, dict]:
    response = client.get(
        "/api/v1/surveys/stop-search/results", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    body = response.get_json()
    return {"k": body["k"], **{g["group"]: g for g in body["groups"]}}


def _exported(client: FlaskClient) -> dict[str, str]:
    body = client.get("/results/stop-search/export.csv").get_data(as_text=True)
    lines = csv.DictReader(io.StringIO(body.lstrip("\ufeff")))
    return {line["Group code"]: line["n"] for line in lines if line["Group code"]}


def _mixed_row(browser: Browser, url: str) -> str:
    page = browser.get(url)
    assert page.status == 200
    return " ".join(page.table("Respondents")["Mixed or Multiple ethnic groups"])


def _quotes(browser: Browser) -> list[str]:
    page = browser.get("/results/stop-search?theme=Respect+and+manner&group=white")
    return [quote.get_text() for quote in page.soup.select(".app-quote")]


def test_pages_report_export_and_api_follow_a_raised_threshold_at_once(
    app: Flask, client: FlaskClient, browser: Browser
):
    _twelve_mixed()
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    signed_in(client, Role.ADMIN, email="admin@example.org")

    # At k=10 the group of 12 is shown everywhere (and the counts are now stored).
    assert "12" in _mixed_row(browser, "/results/stop-search")
    assert "12" in _mixed_row(browser, "/results/stop-search/report")
    assert _exported(client)["mixed"] == "12"
    api = _api(client, secret)
    assert api["k"] == 10 and api["mixed"]["n"] == 12
    assert len(_quotes(browser)) == 10  # 40 wrote: at least k_text (20)

    _save(browser, "15", "45")
    forget_request_state()

    row = _mixed_row(browser, "/results/stop-search")
    assert "[c]" in row and "12" not in row
    assert "fewer than 15 respondents" in browser.page.text()
    row = _mixed_row(browser, "/results/stop-search/report")
    assert "[c]" in row and "12" not in row
    assert _exported(client)["mixed"] == "[c]"
    api = _api(client, secret)
    assert api["k"] == 15
    assert api["mixed"]["suppressed"] is True and api["mixed"]["n"] is None
    assert api["white"]["n"] == 40
    assert _quotes(browser) == []
    assert "at least 45 respondents wrote something" in browser.page.text()


def test_the_privacy_notice_gives_the_thresholds_in_force(admin, browser: Browser):
    _save(browser, "15", "25")
    forget_request_state()
    for language, words in (("en", "smaller than 15 people"), ("cy", "lai na 15 o bobl")):
        text = browser.get(f"/privacy?lang={language}").text()
        assert words in text and "25" in text
    assert "smaller than 10 people" not in browser.get("/privacy?lang=en").text()


def test_the_service_names_every_problem_when_saving(app: Flask):
    with pytest.raises(disclosure_settings.DisclosureSettingsError) as refused:
        disclosure_settings.change(5, 5000, None)
    assert refused.value.problems == {
        "k": "The smallest group whose figures are shown must be 10 or more, the lowest this "
        "service allows",
        "k_text": "The smallest group whose quotes are shown must be 1,000 or fewer",
    }
    assert disclosure_settings.thresholds() == (10, 20)

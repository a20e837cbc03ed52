"""The accessibility statement gives what a UK public-sector statement gives: how to get help
or report a problem (the force's email address and telephone number, as links), the
enforcement procedure (the EHRC, and the Equality Advisory and Support Service as a link), the
compliance status and how the service was tested, in English and in Welsh."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from tests.pages import Browser, Page

EASS = "https://www.equalityadvisoryservice.com/"
HEADINGS = {
    "en": [
        "If you need help or another way to give your views",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Compliance status",
        "How we tested this service",
    ],
    "cy": [
        "Os oes angen help neu ffordd arall arnoch i roi eich barn",
        "Rhoi gwybod am broblemau hygyrchedd gyda'r gwasanaeth hwn",
        "Y weithdrefn orfodi",
        "Statws cydymffurfio",
        "Sut y gwnaethom brofi'r gwasanaeth hwn",
    ],
}
SAID = {
    "en": [
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing",
        "not yet been audited against the Web Content Accessibility Guidelines version 2.2 AA",
        "checked with axe-core",
        "with JavaScript switched off",
    ],
    "cy": [
        "Y Comisiwn Cydraddoldeb a Hawliau Dynol (EHRC) sy'n gyfrifol am orfodi",
        "felly nid ydym yn honni ei fod yn cydymffurfio'n llawn",
        "eu gwirio gydag axe-core",
        "gyda JavaScript wedi'i ddiffodd",
    ],
}
EASS_NAME = {
    "en": "Equality Advisory and Support Service (EASS)",
    "cy": "Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS)",
}


def read(browser: Browser, language: str) -> Page:
    refresh()
    return browser.get(f"/accessibility?lang={language}")


def section(page: Page, heading: str) -> str:
    """The text under an h2, up to the next one."""
    found = next(h for h in page.soup.select("main h2") if h.get_text(strip=True) == heading)
    parts = []
    for sibling in found.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(" ".join(sibling.get_text(" ").split()))
    return " ".join(parts)


def contact_links(page: Page, heading: str) -> list[str]:
    found = next(h for h in page.soup.select("main h2") if h.get_text(strip=True) == heading)
    hrefs = []
    for sibling in found.find_next_siblings():
        if sibling.name == "h2":
            break
        hrefs += [a["href"] for a in sibling.select("a")]
    return hrefs


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_statement_has_every_section_a_public_sector_statement_needs(browser, language):
    page = read(browser, language)
    assert page.status == 200 and page.soup.html["lang"] == language
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    assert headings == HEADINGS[language]
    for words in SAID[language]:
        assert words in page.text()
    eass = page.soup.select_one(f"main a[href='{EASS}']")
    assert eass is not None and eass.get_text(strip=True) == EASS_NAME[language]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_help_and_problems_can_be_reported_by_email_or_telephone(browser, language):
    page = read(browser, language)
    for heading in HEADINGS[language][:2]:
        assert contact_links(page, heading) == ["mailto:feedback@example.org", "tel:101"]
        assert "feedback@example.org" in section(page, heading)


def test_the_forces_own_contact_details_are_given(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "FORCE_CONTACT_EMAIL", "access@police.example.uk")
    monkeypatch.setitem(app.config, "FORCE_CONTACT_PHONE", "01234 567890")
    page = read(browser, "en")
    assert contact_links(page, "Reporting accessibility problems with this service") == [
        "mailto:access@police.example.uk",
        "tel:01234567890",
    ]
    assert "Telephone: 01234 567890" in page.text()


def test_the_compliance_status_claims_no_more_than_the_testing_shows(browser):
    page = read(browser, "en")
    status = section(page, "Compliance status")
    # Automated checks alone cannot show full compliance: without an audit, none is claimed.
    assert "we do not claim that it fully complies" in status
    assert "has found no part of it that fails the standard" in status
    tested = section(page, "How we tested this service")
    assert "phone-sized screen" in tested and "keyboard" in tested
    # What the browser tests check (tests/browser/test_public_wcag22_browser.py) is said.
    for checked in ("in English and in Welsh", "400%", "spacing", "marked as English"):
        assert checked in tested, checked

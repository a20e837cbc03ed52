"""The privacy notice names who is responsible for the answers (the force, as data controller),
how to reach the force, and that anyone may complain to the Information Commissioner's Office;
it counts hours as a person would ("1 hour", "24 hours"), in English and in Welsh. The force's
contact settings, FORCE_CONTACT_EMAIL and FORCE_CONTACT_PHONE, are checked when the app starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask_babel import refresh

from app import create_app
from app.config import ConfigError, TestConfig
from tests.pages import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
ICO_COMPLAINTS = "https://ico.org.uk/make-a-complaint/"
CONTROLLER = {
    "en": "Demoshire Police is the data controller for your answers",
    "cy": "Demoshire Police yw'r rheolydd data ar gyfer eich atebion",
}
ICO = {
    "en": "You can also complain to the Information Commissioner's Office (ICO)",
    "cy": "Gallwch hefyd gwyno i Swyddfa'r Comisiynydd Gwybodaeth (ICO)",
}


def links(page: Page) -> dict[str, str]:
    """The main column's links: address -> words."""
    return {a["href"]: " ".join(a.get_text().split()) for a in page.soup.select("main a")}


def read(browser: Browser, path: str) -> Page:
    refresh()
    return browser.get(path)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_notice_names_the_controller_how_to_reach_it_and_the_ico(browser, language):
    page = read(browser, f"/privacy?lang={language}")
    assert page.status == 200 and page.soup.html["lang"] == language
    text = page.text()
    assert CONTROLLER[language] in text
    assert ICO[language] in text
    found = links(page)
    assert found["mailto:feedback@example.org"] == "feedback@example.org"
    assert found["tel:101"] == "101"
    assert found["tel:03031231113"] == "0303 123 1113"
    assert ICO_COMPLAINTS in found
    assert (
        found[ICO_COMPLAINTS]
        == {
            "en": "make a complaint on the ICO website",
            "cy": "gwneud cwyn ar wefan yr ICO",
        }[language]
    )


def test_a_forces_own_contact_details_are_shown(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "FORCE_NAME", "Gwent Police")
    monkeypatch.setitem(app.config, "FORCE_CONTACT_EMAIL", "dataprotection@gwent.example")
    monkeypatch.setitem(app.config, "FORCE_CONTACT_PHONE", "+44 1633 838111")
    page = read(browser, "/privacy")
    assert "Gwent Police is the data controller for your answers" in page.text()
    found = links(page)
    assert found["mailto:dataprotection@gwent.example"] == "dataprotection@gwent.example"
    assert found["tel:+441633838111"] == "+44 1633 838111"


def test_without_an_email_address_only_the_telephone_number_is_given(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "FORCE_CONTACT_EMAIL", None)
    page = read(browser, "/privacy")
    assert not [href for href in links(page) if href.startswith("mailto:")]
    assert "Email:" not in page.text()
    assert "Telephone: 101" in page.text()


@pytest.mark.parametrize(
    ("language", "hours", "said"),
    [
        ("en", 1, "deleted soon after 1 hour has passed since you last went on"),
        ("en", 2, "deleted soon after 2 hours have passed since you last went on"),
        ("en", 48, "deleted soon after 48 hours have passed since you last went on"),
        ("cy", 1, "ar ôl i 1 awr fynd heibio ers i chi symud ymlaen"),
        ("cy", 2, "ar ôl i 2 awr fynd heibio ers i chi symud ymlaen"),
        ("cy", 6, "ar ôl i 6 awr fynd heibio ers i chi symud ymlaen"),
        ("cy", 48, "ar ôl i 48 awr fynd heibio ers i chi symud ymlaen"),
    ],
)
def test_hours_are_counted_as_a_person_would(app, browser, monkeypatch, language, hours, said):
    monkeypatch.setitem(app.config, "JOURNEY_TTL_HOURS", hours)
    text = read(browser, f"/privacy?lang={language}").text()
    assert said in text
    assert "1 hours" not in text


# -- the settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "must_be"),
    [
        ("FORCE_CONTACT_EMAIL", "feedback at example.org", "an email address"),
        ("FORCE_CONTACT_EMAIL", "feedback@example", "an email address"),
        ("FORCE_CONTACT_PHONE", "call us", "a telephone number"),
        ("FORCE_CONTACT_PHONE", "0800-555-0199", "a telephone number"),
    ],
)
def test_a_contact_setting_that_is_not_one_stops_the_app_naming_it(name, value, must_be):
    with pytest.raises(ConfigError, match=f'^{name} must be {must_be}.*"{value}"'):
        create_app(TestConfig, **{name: value})


@pytest.mark.parametrize(
    "settings",
    [
        {"FORCE_CONTACT_EMAIL": "privacy@police.example.uk", "FORCE_CONTACT_PHONE": "101"},
        {"FORCE_CONTACT_EMAIL": None, "FORCE_CONTACT_PHONE": "+44 29 2022 2111"},
    ],
)
def test_contact_settings_of_the_right_shape_are_accepted(settings):
    app = create_app(TestConfig, **settings)
    assert {name: app.config[name] for name in settings} == settings


def _contact_settings(**env: str) -> dict[str, dict[str, str | None]]:
    """Each configuration's contact settings as a fresh process reads them from ``env``."""
    script = (
        "import json; from app.config import CONFIGS; print(json.dumps({name: "
        "[c.FORCE_CONTACT_EMAIL, c.FORCE_CONTACT_PHONE] for name, c in CONFIGS.items()}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FORCE_CONTACT_")}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_gives_101_and_no_email_until_told_and_development_a_demo_address():
    unset = _contact_settings()
    assert unset["production"] == [None, "101"]
    assert unset["development"] == ["feedback@example.org", "101"]
    given = _contact_settings(
        FORCE_CONTACT_EMAIL="privacy@police.example.uk", FORCE_CONTACT_PHONE="01234 567890"
    )
    assert given["production"] == ["privacy@police.example.uk", "01234 567890"]
    assert given["development"] == ["privacy@police.example.uk", "01234 567890"]


SESSION_KEPT = {
    "en": "if you answered at a listening session, which session it was",
    "cy": "os gwnaethoch ateb mewn sesiwn wrando, pa sesiwn oedd hi",
}
NOT_LINKED = {
    "en": "anything that links your answers to a survey code or link given only to you, to the "
    "officer who gave it to you, or to a search record",
    "cy": "unrhyw beth sy'n cysylltu eich atebion â chod arolwg neu ddolen a roddwyd i chi yn unig",
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_notice_says_a_listening_sessions_answers_keep_their_session(browser, language):
    """A session's responses record the session (results can be filtered by it), and the
    session's shared code records who made it: the notice must not say that nothing links
    answers to an officer or to the code used, only that nothing links them to a code given to
    one person, its officer, or a search."""
    text = read(browser, f"/privacy?lang={language}").text()
    assert SESSION_KEPT[language] in text
    assert NOT_LINKED[language] in text
    assert "the link you used" not in text


MONTH_KEPT = {
    "en": "the area and the month you answered (not the day or the time)",
    "cy": "yr ardal a'r mis y gwnaethoch ateb (nid y diwrnod na'r amser)",
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_notice_says_only_the_month_of_an_answer_is_kept(browser, language):
    """A response keeps the first day of its month, never the day it was sent."""
    text = read(browser, f"/privacy?lang={language}").text()
    assert MONTH_KEPT[language] in text
    assert "date you answered" not in text

"""The privacy notice tells a respondent what UK GDPR Article 13 asks a notice to: why the force
may use their answers (public task, and for the equality answers the substantial public interest
in equality of treatment), that answering is their choice, what their rights are and how the
anonymity of their answers shapes them, and how to reach the data protection officer, whose
email address (FORCE_DPO_EMAIL) a force may set. In English and in Welsh."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from app import create_app
from app.config import ConfigError, TestConfig
from tests.pages import Browser, Page

SAID = {
    "en": {
        "public task": "The law calls this a public task (UK GDPR Article 6(1)(e))",
        "equality": "The law allows this because it is in the substantial public interest "
        "(UK GDPR Article 9(2)(g), and the Data Protection Act 2018, Schedule 1, paragraph 8: "
        "equality of opportunity or treatment)",
        "choice": "You do not have to answer. You can stop at any time",
        "skip about you": "Every question about you, such as your ethnic group, can be skipped",
        "rights": "You have the right to ask for a copy of your answers, to have them "
        "corrected and to have them deleted. You also have the right to object",
        "anonymous": "we cannot find one person's answers from their name or anything else "
        "about them",
        "withdrawal code": "The withdrawal code you were given when you sent your answers is "
        "the only way to find them. Use it to delete your answers",
    },
    "cy": {
        "public task": "Tasg gyhoeddus yw'r enw ar hyn yn y gyfraith (GDPR y DU, Erthygl 6(1)(e))",
        "equality": "er budd sylweddol y cyhoedd (GDPR y DU, Erthygl 9(2)(g), a Deddf Diogelu "
        "Data 2018, Atodlen 1, paragraff 8: cyfle cyfartal neu driniaeth gyfartal)",
        "choice": "Does dim rhaid i chi ateb. Gallwch stopio unrhyw bryd",
        "skip about you": "Gallwch hepgor pob cwestiwn amdanoch chi, fel eich grŵp ethnig",
        "rights": "Mae gennych hawl i ofyn am gopi o'ch atebion, i'w cywiro ac i'w dileu. "
        "Mae gennych hawl hefyd i wrthwynebu",
        "anonymous": "ni allwn ddod o hyd i atebion un person o'i enw",
        "withdrawal code": "Y cod tynnu'n ôl a gawsoch pan anfonoch eich atebion yw'r unig "
        "ffordd o ddod o hyd iddynt",
    },
}
HEADINGS = {
    "en": ["Answering is your choice", "Why we are allowed to use your answers", "Your rights"],
    "cy": ["Chi sy'n dewis a ydych am ateb", "Pam y cawn ddefnyddio eich atebion", "Eich hawliau"],
}
DPO_GIVEN = {
    "en": "Demoshire Police's data protection officer checks that it follows data protection "
    "law. You can email them at dpo@demoshire.example.",
    "cy": "Mae swyddog diogelu data Demoshire Police yn gwirio ei fod yn dilyn cyfraith diogelu "
    "data. Gallwch anfon e-bost at y swyddog yn dpo@demoshire.example.",
}
DPO_ASK = {
    "en": "Demoshire Police has a data protection officer, who checks that it follows data "
    "protection law. To contact them, use the details above and ask for the data protection "
    "officer.",
    "cy": "Mae gan Demoshire Police swyddog diogelu data, sy'n gwirio ei fod yn dilyn cyfraith "
    "diogelu data. I gysylltu â'r swyddog, defnyddiwch y manylion uchod a gofynnwch am y "
    "swyddog diogelu data.",
}


def read(browser: Browser, language: str) -> Page:
    refresh()
    return browser.get(f"/privacy?lang={language}")


def paragraphs(page: Page) -> list[str]:
    """Each paragraph of the main column as a reader sees it (a link's words run on)."""
    return [" ".join(p.get_text().split()) for p in page.soup.select("main p")]


def mail_links(page: Page) -> dict[str, str]:
    return {
        a["href"]: " ".join(a.get_text().split())
        for a in page.soup.select("main a")
        if a["href"].startswith("mailto:")
    }


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_notice_gives_the_lawful_basis_the_choice_and_the_rights(browser, language):
    page = read(browser, language)
    assert page.status == 200 and page.soup.html["lang"] == language
    text = page.text()
    for what, words in SAID[language].items():
        assert words in text, what
    headings = [" ".join(h.get_text().split()) for h in page.soup.select("main h2")]
    assert set(HEADINGS[language]) <= set(headings)
    # The lawful basis is said in plain words before the article that names it.
    plain = {"en": "public task", "cy": "Tasg gyhoeddus"}[language]
    assert text.index(plain) < text.index("6(1)(e)")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_without_a_dpo_address_the_notice_says_to_ask_the_force(browser, language):
    page = read(browser, language)
    assert DPO_ASK[language] in paragraphs(page)
    assert DPO_GIVEN[language] not in paragraphs(page)
    # Only the force's own address is given.
    assert list(mail_links(page)) == ["mailto:feedback@example.org"]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_dpo_address_is_given_as_a_link(app, browser, monkeypatch, language):
    monkeypatch.setitem(app.config, "FORCE_DPO_EMAIL", "dpo@demoshire.example")
    page = read(browser, language)
    assert DPO_GIVEN[language] in paragraphs(page)
    assert DPO_ASK[language] not in paragraphs(page)
    assert mail_links(page)["mailto:dpo@demoshire.example"] == "dpo@demoshire.example"


@pytest.mark.parametrize("value", ["dpo at demoshire.example", "dpo@demoshire"])
def test_a_dpo_address_that_is_not_one_stops_the_app_naming_it(value):
    with pytest.raises(ConfigError, match=f'^FORCE_DPO_EMAIL must be an email address.*"{value}"'):
        create_app(TestConfig, FORCE_DPO_EMAIL=value)


def test_a_dpo_address_of_the_right_shape_is_accepted():
    app = create_app(TestConfig, FORCE_DPO_EMAIL="data.protection@police.example.uk")
    assert app.config["FORCE_DPO_EMAIL"] == "data.protection@police.example.uk"

"""Welsh: every interface string is translated, and the stop-search journey and the other
public pages work in Welsh with no English left. The choice of language and the links to the
other one are in test_welsh_language_choice.py; English where a translation is missing in
test_welsh_fallback.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from app.services.definitions import load_built_in
from models import Response, db
from tests.app.welsh_helpers import answer_in_welsh, english_leftovers
from tests.factories import create_link

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_MO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif%]")


# -- the catalogues ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalogue template extracted from the source as it is now, exactly as `make messages`
    extracts it (the checked-in messages.pot may be out of date)."""
    pot = tmp_path_factory.mktemp("babel") / "messages.pot"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        CommandLineInterface().run(
            [
                *("pybabel", "--quiet", "extract", "-F", "babel.cfg"),
                *("-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "."),
            ]
        )
    with open(pot, "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def welsh_po() -> Catalog:
    with open(WELSH_PO, "rb") as handle:
        return read_po(handle, locale="cy")


def _ids(catalog: Catalog) -> list:
    return [message.id for message in catalog if message.id]


def _strings(string) -> tuple:
    """A message's translation as a tuple: one string, or one per plural form (a .po gives a
    tuple of them, a .mo a list)."""
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _translated(string) -> bool:
    strings = _strings(string)
    return all(s and s.strip() for s in strings)


def _show(ids) -> str:
    return "\n  ".join(repr(i) for i in ids)


# -- the catalogue covers the source ----------------------------------------------------------


def test_every_string_in_the_source_has_a_welsh_translation(extracted, welsh_po):
    """Fails with the list of strings to translate when someone adds English without Welsh.

    To fix: run `make messages` (README, "Welsh"), translate the new entries in
    app/translations/cy/LC_MESSAGES/messages.po (remove any "fuzzy" flag once checked), then
    `make translations`.
    """
    missing = []
    for msgid in _ids(extracted):
        message = welsh_po.get(msgid)
        if message is None or not _translated(message.string) or message.fuzzy:
            missing.append(msgid)
    assert not missing, f"{len(missing)} string(s) have no Welsh translation:\n  {_show(missing)}"


def test_welsh_translations_keep_every_placeholder(welsh_po):
    broken = [
        message.id
        for message in welsh_po
        if message.id
        and isinstance(message.id, str)
        and sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string))
    ]
    assert not broken, f"placeholders differ between English and Welsh:\n  {_show(broken)}"
    assert not list(welsh_po.check()), "pybabel's own checks found problems in the Welsh .po"


def test_compiled_welsh_catalogue_is_up_to_date(extracted, welsh_po):
    """The .mo the app loads has every translation: run `make translations` if this fails."""
    assert WELSH_MO.exists(), "app/translations/cy/LC_MESSAGES/messages.mo is missing"
    with open(WELSH_MO, "rb") as handle:
        compiled = read_mo(handle)
    stale = []
    for msgid in _ids(extracted):
        entry, source = compiled.get(msgid), welsh_po.get(msgid)
        out_of_date = (
            source is not None
            and entry is not None
            and _strings(entry.string) != _strings(source.string)
        )
        if entry is None or not _translated(entry.string) or out_of_date:
            stale.append(msgid)
    assert not stale, (
        f"the compiled catalogue is missing or out of date for:\n  {_show(stale)}\n"
        "run `make translations`"
    )


# -- the stop-search journey in Welsh ---------------------------------------------------------


def test_start_page_in_welsh(browser, welsh_po):
    link = create_link()
    page = browser.get(f"/r/{link.token}?lang=cy")
    definition = load_built_in("stop-search")
    assert page.status == 200
    assert page.soup.html["lang"] == "cy"
    assert (
        page.h1 == definition["title"]["cy"] == "Stopio a chwilio: dywedwch wrthym sut aeth pethau"
    )
    text = page.text()
    assert "Mae'r arolwg hwn yn cael ei gynnal gan Demoshire Police." in text
    assert "Nid cwyn yw hyn." in text and "dysgwch sut i gwyno" in text
    assert definition["intro"]["cy"][0] in text
    start = page.soup.select_one("a.govuk-button--start")
    assert " ".join(start.get_text().split()) == "Dechrau nawr"
    assert page.title == f"{definition['title']['cy']} – Adborth Demoshire Police"
    assert page.soup.select_one("a.govuk-skip-link").get_text(strip=True) == (
        "Neidio i'r prif gynnwys"
    )
    assert english_leftovers(page, welsh_po) == []


def test_question_page_in_welsh(browser, welsh_po):
    link = create_link()
    browser.get(f"/r/{link.token}?lang=cy")
    page = browser.get(f"/r/{link.token}/what-you-were-told")
    definition = load_built_in("stop-search")
    questions = definition["pages"][0]["questions"]
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "Beth ddywedodd y swyddog wrthych"
    # Each of them may be skipped, and says so.
    assert page.legends() == [f"{q['text']['cy']} (dewisol)" for q in questions]
    assert "A ddywedodd y swyddog wrthych pam y cawsoch eich chwilio? (dewisol)" in page.legends()
    labels = [" ".join(x.get_text().split()) for x in page.soup.select("label.govuk-radios__label")]
    assert labels[:3] == ["Ie", "Na", "Ddim yn siŵr"]
    assert page.soup.select_one("button.govuk-button").get_text(strip=True) == "Parhau"
    assert page.soup.select_one("a.govuk-back-link").get_text(strip=True) == "Yn ôl"
    assert english_leftovers(page, welsh_po) == []


def test_errors_and_character_count_in_welsh(browser, welsh_po):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated?lang=cy")
    page = browser.post(data={"respect": "agree"})
    assert page.status == 400
    assert page.title.startswith("Gwall:")
    assert page.soup.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "Mae problem wedi codi"
    )
    assert page.error_summary() == [
        "Dewiswch pa mor fodlon ydych chi â'r ffordd y cawsoch eich trin"
    ]
    assert english_leftovers(page, welsh_po) == []

    page = browser.get(f"/r/{link.token}/in-your-own-words")
    assert "Gallwch roi hyd at 2,000 nod" in page.text()
    assert "Peidiwch â chynnwys enwau" in page.text()
    count = page.soup.select_one("[data-module='govuk-character-count']")
    for form in ("zero", "one", "two", "few", "many", "other"):
        assert count[f"data-i18n.characters-under-limit.{form}"] == "Mae gennych %{count} nod ar ôl"
        assert (
            count[f"data-i18n.characters-over-limit.{form}"] == "Mae gennych %{count} nod yn ormod"
        )
    page = browser.post(data={"went_well": "x" * 2001})
    assert page.error_summary() == [
        "Rhaid i'ch ateb i “Beth wnaeth y swyddog yn dda, os o gwbl?” fod yn 2,000 nod neu lai"
    ]
    assert english_leftovers(page, welsh_po) == []


def test_field_error_prefix_is_welsh(browser):
    link = create_link()
    browser.get(f"/r/{link.token}/how-you-were-treated?lang=cy")
    page = browser.post(data={"respect": "agree"})
    hidden = page.soup.select_one(".govuk-error-message .govuk-visually-hidden")
    assert hidden.get_text(strip=True) == "Gwall:"


def test_check_and_confirmation_pages_in_welsh(browser, welsh_po):
    link = create_link()
    answer_in_welsh(browser, link.token)
    check = browser.page
    assert check.url.endswith("/check")
    assert check.soup.html["lang"] == "cy"
    assert check.h1 == "Gwiriwch eich atebion cyn eu hanfon"
    text = check.text()
    assert "Bodlon" in text and "Cytuno" in text and "Ddim yn siŵr" in text
    assert "Heb ateb" in text and "Cristnogol" in text and "Roedd yn gwrtais iawn." in text
    assert load_built_in("stop-search")["pages"][2]["questions"][2]["text"]["cy"] in text
    changes = [a.get_text(" ", strip=True) for a in check.soup.select(".govuk-summary-list a")]
    assert changes and all(c.startswith("Newid") for c in changes)
    assert check.soup.select_one("button.govuk-button").get_text(strip=True) == "Anfon atebion"
    assert english_leftovers(check, welsh_po) == []

    done = browser.post()
    assert done.soup.html["lang"] == "cy"
    assert done.h1 == "Diolch, mae eich atebion wedi cael eu hanfon"
    text = done.text()
    assert "Eich cod tynnu'n ôl" in text and "Beth sy'n digwydd nesaf" in text
    assert "Y panel craffu stopio a chwilio yw'r panel cymunedol sy'n adolygu chwiliadau" in text
    assert english_leftovers(done, welsh_po) == []
    assert db.session.scalars(select(Response)).one().language == "cy"


def test_withdrawal_in_welsh(browser, welsh_po):
    link = create_link()
    answer_in_welsh(browser, link.token)
    code = browser.post().soup.select_one("#withdrawal-code").get_text(strip=True)
    page = browser.get("/withdraw")
    assert page.h1 == "Tynnu eich atebion yn ôl"
    assert english_leftovers(page, welsh_po) == []
    page = browser.post(data={"code": code})
    assert page.h1 == "Mae eich atebion wedi cael eu tynnu'n ôl"
    assert english_leftovers(page, welsh_po) == []


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/r", 200, "Rhowch y cod o'ch cerdyn"),
        ("/privacy", 200, "Sut rydym yn defnyddio eich atebion"),
        ("/accessibility", 200, "Hygyrchedd"),
        ("/r/notarealtoken", 404, "Ni allwn ddod o hyd i'r ddolen arolwg honno"),
    ],
)
def test_other_public_pages_in_welsh(browser, welsh_po, path, status, heading):
    page = browser.get(f"{path}?lang=cy")
    assert page.status == status
    assert page.soup.html["lang"] == "cy"
    assert " ".join(page.soup.select_one("h1").get_text().split()) == heading
    assert english_leftovers(page, welsh_po) == []

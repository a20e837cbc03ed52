"""The results overview counts each survey's codes by their sort: a stop and search or Say to
Stay code is answered once, so "answered of offered" is a real share (for Say to Stay, only over
at least k answered and k not); a listening session's code is answered by everyone there, so
sessions are counted with the responses they brought; a link anyone may answer (a poster) is
counted with its responses."""

from __future__ import annotations

import datetime as dt

from app.services import links
from app.services.overview_queries import LinkCounts
from app.services.results_overview import links_in_words
from models import LinkKind, db
from tests.results_data import add_responses, group


def _answer(made, *answers: int) -> None:
    for link, n in zip(made, answers, strict=True):
        link.answered = n
        link.used_on = dt.date(2026, 3, 2) if n else None
    db.session.commit()


def _summary(browser, slug: str) -> dict[str, str]:
    page = browser.get("/results/")
    section = page.soup.select_one(f"#survey-{slug}").find_parent("section")
    return {
        " ".join(row.select_one("dt").get_text().split()): " ".join(
            row.select_one("dd").get_text().split()
        )
        for row in section.select(".govuk-summary-list__row")
    }


def test_listening_sessions_are_counted_as_sessions_heard_from(browser, analyst):
    made = []
    for name in ("Riverside", "Old Town", "Market Hall"):
        made += links.create_links(
            "listening-session", event_name=name, event_date=dt.date(2026, 3, 1)
        )
    _answer(made, 30, 14, 0)
    summary = _summary(browser, "listening-session")
    assert summary["Listening sessions"] == "3 sessions; 2 heard from, 44 responses"
    assert "codes offered" not in " ".join(summary.values())


def test_a_session_with_a_sheet_of_codes_is_one_session(browser, analyst):
    made = links.create_links(
        "listening-session", count=4, event_name="Riverside", event_date=dt.date(2026, 3, 1)
    )
    _answer(made, 1, 0, 0, 0)
    assert _summary(browser, "listening-session")["Listening sessions"] == (
        "1 session; 1 heard from, 1 response"
    )


def test_single_use_codes_are_answered_of_offered(browser, analyst):
    made = links.create_links("stop-search", count=5)
    _answer(made, 1, 1, 0, 0, 0)
    staff = links.create_links("say-to-stay", count=4)
    _answer(staff, 1, 0, 0, 0)
    assert _summary(browser, "stop-search")["Codes answered"] == "2 of 5 codes offered (40%)"
    # Say to Stay's codes go to colleagues: with 1 answered of 4, whoever gave them would know.
    assert _summary(browser, "say-to-stay")["Codes answered"] == (
        "4 codes offered; how many were answered is shown once at least 10 were and 10 were "
        "not, so that it cannot tell whether a colleague given one answered"
    )


def test_a_staff_surveys_codes_answered_are_counted_over_k_answered_and_k_not(browser, analyst):
    staff = links.create_links("say-to-stay", count=20)
    _answer(staff, *[1] * 10, *[0] * 10)
    assert _summary(browser, "say-to-stay")["Codes answered"] == "10 of 20 codes offered (50%)"
    _answer(staff, *[1] * 11, *[0] * 9)  # nine not answered: too few
    assert _summary(browser, "say-to-stay")["Codes answered"].startswith("20 codes offered; ")


def test_links_anyone_can_answer_are_counted_with_their_responses(browser, analyst):
    posters = links.create_links("stop-search", count=2, single_use=False, kind=LinkKind.STANDING)
    _answer(posters, 7, 2)
    assert _summary(browser, "stop-search")["Codes"] == (
        "2 codes anyone can answer, such as on a poster; 9 responses through them"
    )


def test_say_to_stays_posters_are_counted_without_their_responses(browser, analyst):
    """A poster's answers have no dates, and Say to Stay always leaves its month not yet over
    out of the results: beside its counted responses, a poster's would give that month's away."""
    posters = links.create_links("say-to-stay", count=2, single_use=False, kind=LinkKind.STANDING)
    _answer(posters, 7, 2)
    codes = links.create_links("say-to-stay", count=4)
    _answer(codes, 1, 0, 0, 0)
    assert _summary(browser, "say-to-stay")["Codes"] == (
        "4 codes offered; how many were answered is shown once at least 10 were and 10 were "
        "not, so that it cannot tell whether a colleague given one answered; 2 codes anyone "
        "can answer, such as on a poster"
    )


def test_no_links_yet(browser, analyst):
    assert _summary(browser, "listening-session")["Codes answered"] == "No codes made yet"


def test_one_poster_reads_in_the_singular():
    label, text = links_in_words([LinkCounts(False, False, 1, 1, 1)])
    assert (label, text) == (
        "Codes",
        "1 code anyone can answer, such as on a poster; 1 response through it",
    )


def _used(made, on: dt.date) -> None:
    for link in made:
        link.answered, link.used_on = 1, on
    db.session.commit()


def test_a_left_out_months_answers_are_not_counted_among_the_links_either(browser, analyst):
    """March has 3 responses, fewer than k: the results leave them out, so the codes must not
    count them either, or codes answered less responses would give March's 3 away."""
    codes = links.create_links("stop-search", count=20)
    _used(codes[:12], dt.date(2026, 2, 10))
    _used(codes[12:15], dt.date(2026, 3, 2))
    add_responses(group(12, "white", month="2026-02") + group(3, "white", month="2026-03"))
    summary = _summary(browser, "stop-search")
    assert summary["Responses"] == "12"
    assert summary["Codes answered"] == "12 of 20 codes offered (60%)"

    february = links.create_links(
        "listening-session", event_name="Riverside", event_date=dt.date(2026, 2, 5)
    )
    march = links.create_links(
        "listening-session", event_name="Old Town", event_date=dt.date(2026, 3, 5)
    )
    _answer(february + march, 15, 4)
    add_responses(
        group(15, "white", month="2026-02") + group(4, "black", month="2026-03"),
        "listening-session",
    )
    summary = _summary(browser, "listening-session")
    assert summary["Responses"] == "15"
    assert summary["Listening sessions"] == "2 sessions; 1 heard from, 15 responses"

    posters = links.create_links("say-to-stay", count=2, single_use=False, kind=LinkKind.STANDING)
    _answer(posters, 12, 2)
    add_responses(
        group(12, "white", month="2026-02") + group(2, "white", month="2026-03"), "say-to-stay"
    )
    # A poster's answers have no dates: while a month is left out, they are not counted.
    assert _summary(browser, "say-to-stay")["Codes"] == (
        "2 codes anyone can answer, such as on a poster"
    )

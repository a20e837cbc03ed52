"""Conditional pages and questions: every combination of the built-in surveys' conditions shows
the right pages and questions; hidden questions are neither required nor stored, and each
response records them as not shown, so results never count a hidden question as "no"."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from app.services.definitions import Definition, load_built_in
from app.services.results import survey_results
from app.services.results_model import Filters
from models import Answer, QuestionNotShown, Response, db
from tests.factories import create_link
from tests.pages import Browser

ADULT = {"18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"}
GROUPS = {"white", "mixed", "asian", "black", "other"}
# Written out by hand from SURVEYS.md and the issue, not read from the definitions: question
# key -> (the question it depends on, the answers that show it).
EQUALITY = {
    "ethnicity": ("ethnic_group", GROUPS),
    "activity_limited": ("long_term_condition", {"yes"}),
    "gender_identity": ("age_band", ADULT),
    "sexual_orientation": ("age_band", ADULT),
}
EXPECTED = {
    "stop-search": {"told_why_handcuffed": ("handcuffed", {"yes"}), **EQUALITY},
    "say-to-stay": {
        "reasons": ("stage", {"thinking", "decided", "notice"}),
        "main_reason": ("stage", {"thinking", "decided", "notice"}),
        **EQUALITY,
    },
    "listening-session": dict(EQUALITY),
}


def _conditional(definition: Definition) -> dict[str, str]:
    """Question key -> the question its page's or its own condition depends on."""
    found = {}
    for page, question in definition.questions():
        condition = question.get("show_if") or page.data.get("show_if")
        if condition:
            found[question["key"]] = condition["question"]
    return found


def _combinations(definition: Definition, slug: str):
    targets = sorted({target for target, _ in EXPECTED[slug].values()})
    choices = [[None, *(o["code"] for o in definition.question(t)["options"])] for t in targets]
    for values in itertools.product(*choices):
        yield {t: v for t, v in zip(targets, values, strict=True) if v is not None}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_combination_of_conditions_shows_the_right_questions(slug: str):
    definition = Definition(load_built_in(slug))
    assert _conditional(definition) == {k: t for k, (t, _) in EXPECTED[slug].items()}
    every_key = [q["key"] for _, q in definition.questions()]
    tried = 0
    for answers in _combinations(definition, slug):
        # Answer every conditional question too: the hidden ones must be dropped.
        given = {**answers, **{key: "x" for key in EXPECTED[slug] if key not in answers}}
        kept = definition.kept_answers(given)
        shown = definition.shown_keys(kept)
        hidden = {
            key
            for key, (target, showing) in EXPECTED[slug].items()
            if answers.get(target) not in showing
        }
        assert shown == set(every_key) - hidden, answers
        assert set(definition.not_shown_keys(given)) == {
            key for key in hidden if key not in EQUALITY
        }
        assert not hidden & set(kept), answers
        pages = [page.key for page in definition.shown_pages(kept)]
        assert pages == [
            page.key
            for page in definition.pages
            if any(q["key"] not in hidden for q in page.questions)
        ]
        tried += 1
    assert tried > 1


def _walk(browser: Browser, token: str, answers: dict[str, object]) -> None:
    """Answer a survey as a respondent: each page shown gets what ``answers`` has for it."""
    page = browser.get(f"/r/{token}")
    href = page.soup.select_one("a.govuk-button--start")["href"]
    page = browser.get(href)
    while "/check" not in page.url:
        names = {i["name"] for i in page.soup.select("input[name], textarea[name]")} - {
            "csrf_token"
        }
        page = browser.post(data={k: v for k, v in answers.items() if k in names})
        assert page.status == 200, page.error_summary()
    page = browser.post(data={})
    assert "Thank you, your answers have been sent" in page.text()


def _stored() -> tuple[dict[str, list[str]], set[str]]:
    db.session.expire_all()
    response = db.session.scalars(select(Response).order_by(Response.id.desc())).first()
    answers: dict[str, list[str]] = {}
    for answer in db.session.scalars(select(Answer).where(Answer.response_id == response.id)):
        answers.setdefault(answer.question_key, []).append(answer.value)
    hidden = set(
        db.session.scalars(
            select(QuestionNotShown.question_key).where(QuestionNotShown.response_id == response.id)
        )
    )
    return answers, hidden


def test_told_why_handcuffed_is_asked_only_of_people_who_were_handcuffed(browser: Browser):
    base = {"satisfaction": "satisfied"}
    link = create_link()
    _walk(browser, link.token, {**base, "handcuffed": "yes", "told_why_handcuffed": "no"})
    answers, hidden = _stored()
    assert answers["told_why_handcuffed"] == ["no"] and hidden == set()

    link = create_link()
    page = browser.get(f"/r/{link.token}/during-the-search")
    page = browser.post(data={"handcuffed": "no"})
    assert "Were you told why you were handcuffed?" not in page.text()
    _walk(browser, link.token, {**base, "handcuffed": "no", "told_why_handcuffed": "yes"})
    answers, hidden = _stored()
    assert "told_why_handcuffed" not in answers and hidden == {"told_why_handcuffed"}


def test_a_changed_answer_drops_the_question_it_no_longer_shows(browser: Browser):
    link = create_link()
    _walk_to_check = {"satisfaction": "satisfied", "handcuffed": "yes"}
    browser.get(f"/r/{link.token}")
    browser.get(f"/r/{link.token}/during-the-search")
    browser.post(data={"handcuffed": "yes"})
    browser.post(data={"told_why_handcuffed": "yes", **_walk_to_check})
    page = browser.get(f"/r/{link.token}/check")
    assert "Were you told why you were handcuffed?" in page.text()
    change = f"/r/{link.token}/during-the-search?change=1"
    browser.get(change)
    page = browser.post(change, data={"handcuffed": "no"})
    assert page.url.endswith("/check")
    assert "Were you told why you were handcuffed?" not in page.text()
    browser.post(data={})
    answers, hidden = _stored()
    assert "told_why_handcuffed" not in answers
    assert hidden == {"told_why_handcuffed"}


def test_say_to_stay_skips_the_reasons_for_people_not_planning_to_leave(browser: Browser):
    link = create_link("say-to-stay")
    _walk(
        browser,
        link.token,
        {"role": "police_staff", "stage": "not_planning", "reasons": ["pay"], "main_reason": "pay"},
    )
    answers, hidden = _stored()
    assert answers == {"role": ["police_staff"], "stage": ["not_planning"]}
    assert hidden == {"reasons", "main_reason"}


def test_results_count_a_question_only_among_people_shown_it(browser: Browser):
    """Two people were handcuffed and told why; eight were not handcuffed. The share told why
    is 2 of 2, not 2 of 10: a hidden question is never a "no"."""
    for handcuffed in ["yes"] * 2 + ["no"] * 8:
        link = create_link()
        _walk(
            browser,
            link.token,
            {"satisfaction": "satisfied", "handcuffed": handcuffed, "told_why_handcuffed": "yes"},
        )
    hidden = db.session.scalars(select(QuestionNotShown.question_key)).all()
    assert hidden == ["told_why_handcuffed"] * 8
    results = survey_results("stop-search", Filters(), k=1, k_text=1)
    panel = next(p for p in results.questions if p.key == "told_why_handcuffed")
    assert (panel.total.n, panel.total.count, panel.total.share) == (2, 2, 1.0)


def test_withdrawing_a_response_removes_what_it_was_not_shown(browser: Browser):
    link = create_link()
    _walk(browser, link.token, {"satisfaction": "satisfied", "handcuffed": "no"})
    code = browser.page.soup.select_one("#withdrawal-code").get_text(strip=True)
    assert db.session.scalars(select(QuestionNotShown)).all() != []
    browser.get("/withdraw")
    page = browser.post(data={"code": code})
    assert page.status == 200
    db.session.expire_all()
    assert db.session.scalars(select(Response)).all() == []
    assert db.session.scalars(select(QuestionNotShown)).all() == []

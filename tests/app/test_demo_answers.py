"""The demo data is believable: every answer is one a respondent could have given on a page
they saw, the equality answers hang together, and the answers hold the disparities and the
free text an analyst would look for."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from sqlalchemy import case, func, select

from app.services import equality
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition
from models import NOT_ASKED, NOT_STATED, Answer, QuestionNotShown, Response, Survey, TextAnswer, db
from tests.app.demo_helpers import answers_by_response, definitions, seed


def test_every_answer_is_an_option_of_its_question_on_a_page_the_respondent_saw(runner):
    seed(runner, 1500)
    version_of = dict(db.session.execute(select(Response.id, Response.survey_version_id)).all())
    by_version = definitions()

    stages = Counter()
    for response_id, answers in answers_by_response().items():
        definition = by_version[version_of[response_id]]
        for key, value in answers.items():
            question = definition.question(key)
            assert question is not None, f"{key} is not a question of {definition.slug}"
            page = next(p for p, q in definition.questions() if q["key"] == key)
            assert not page.is_equality, "equality answers live on the response, not as answers"
            codes = {option["code"] for option in question.get("options", [])}
            if question["type"] == TEXT_TYPE:
                assert isinstance(value, str) and 0 < len(value) <= question["max_length"]
            elif question["type"] == MULTI_TYPE:
                assert set(value) <= codes and len(value) == len(set(value))
            else:
                assert value in codes, f"{key}={value!r} is not an option"
        # Nothing from a page these answers hide, and every required question answered.
        assert definition.kept_answers(answers) == answers
        assert definition.missing_required(answers) == []
        if definition.slug == "say-to-stay":
            stages[(answers["stage"] == "not_planning", "reasons" in answers)] += 1

    # The conditional page was really exercised both ways.
    assert stages[(True, False)] > 0 and stages[(False, True)] > 0
    assert stages[(True, True)] == 0


def test_each_response_records_the_questions_it_was_not_shown_as_a_submission_would(runner):
    seed(runner, 1500)
    version_of = dict(db.session.execute(select(Response.id, Response.survey_version_id)).all())
    by_version = definitions()
    recorded: dict[int, set[str]] = defaultdict(set)
    for response_id, key in db.session.execute(
        select(QuestionNotShown.response_id, QuestionNotShown.question_key)
    ):
        recorded[response_id].add(key)

    for response_id, answers in answers_by_response().items():
        expected = set(by_version[version_of[response_id]].not_shown_keys(answers))
        assert recorded[response_id] == expected, response_id
    # Some respondents really were not shown something: the handcuffs follow-up, Say to Stay's
    # reasons for those not planning to leave.
    hidden = Counter(key for keys in recorded.values() for key in keys)
    assert hidden["told_why_handcuffed"] > 0 and hidden["reasons"] > 0


def test_equality_columns_are_consistent_and_not_stated_is_a_real_share(runner):
    seed(runner, 3000)
    rows = db.session.execute(
        select(
            Response.ethnic_group,
            Response.ethnicity,
            Response.age_band,
            Response.sex,
            Response.religion,
            Response.disability,
            Response.gender_identity,
            Response.sexual_orientation,
        )
    ).all()
    by_code = equality.ethnicity_by_code()
    block = {q["key"]: q for page in equality.equality_block()["pages"] for q in page["questions"]}

    def stated_codes(key: str) -> set[str]:
        return {o["code"] for o in block[key]["options"]} - {equality.PREFER_NOT_TO_SAY}

    groups = Counter(row.ethnic_group for row in rows)
    for row in rows:
        if row.ethnic_group == NOT_STATED:
            assert row.ethnicity == NOT_STATED
        else:
            assert row.ethnic_group in equality.ETHNIC_GROUPS
            assert row.ethnicity == NOT_STATED or by_code[row.ethnicity].group == row.ethnic_group
        for key in ("age_band", "sex", "religion"):
            assert getattr(row, key) in stated_codes(key) | {NOT_STATED}
        assert row.disability in {"not_disabled", "disabled_a_lot", "disabled_a_little", NOT_STATED}
        # Identity questions are asked only of adults.
        child_or_unknown = row.age_band in {"under_18", NOT_STATED}
        assert (row.gender_identity == NOT_ASKED) == child_or_unknown
        assert (row.sexual_orientation == NOT_ASKED) == child_or_unknown

    assert set(groups) == {*equality.ETHNIC_GROUPS, NOT_STATED}
    assert 0.10 < groups[NOT_STATED] / len(rows) < 0.22
    assert groups["white"] > groups["black"] > groups["other"]
    categories = {row.ethnicity for row in rows}
    assert {"black_caribbean", "black_african", "asian_pakistani", "white_british"} <= categories


def test_seeded_stop_search_answers_hold_a_disparity_by_ethnic_group(runner):
    seed(runner, 4000)
    survey = db.session.scalar(select(Survey).where(Survey.slug == "stop-search"))
    definition = Definition(survey.current_version.definition)

    def favourable_share(key: str) -> dict[str, float]:
        favourable = definition.question(key)["favourable"]
        assert favourable, f"{key} has favourable answers in its definition"
        rows = db.session.execute(
            select(
                Response.ethnic_group,
                func.avg(case((Answer.value.in_(favourable), 1.0), else_=0.0)),
            )
            .join(Answer, Answer.response_id == Response.id)
            .where(Answer.survey_id == survey.id, Answer.question_key == key)
            .group_by(Response.ethnic_group)
        )
        return dict(rows.all())

    satisfied = favourable_share("satisfaction")
    assert satisfied["white"] - satisfied["black"] > 0.08
    assert satisfied["white"] - satisfied["mixed"] > 0.05
    assert favourable_share("respect")["white"] - favourable_share("respect")["black"] > 0.08
    told = favourable_share("told_grounds")
    assert told["white"] - told["black"] > 0.05


def test_free_text_is_varied_and_darker_where_the_closed_answers_are(runner):
    seed(runner, 3000)
    texts = db.session.execute(
        select(Survey.slug, TextAnswer.question_key, TextAnswer.text).join(
            Survey, Survey.id == TextAnswer.survey_id
        )
    ).all()
    keys = {(slug, key) for slug, key, _ in texts}
    assert keys == {
        ("stop-search", "went_well"),
        ("stop-search", "improve"),
        ("listening-session", "top_issues"),
        ("listening-session", "do_differently"),
        ("say-to-stay", "stay_factor"),
        ("say-to-stay", "anything_else"),
    }
    assert len({text for _, _, text in texts}) > 150
    total = db.session.scalar(select(func.count()).select_from(Response))
    writers = db.session.scalar(select(func.count(func.distinct(TextAnswer.response_id))))
    assert writers < 0.9 * total  # not everyone writes

    answers = answers_by_response()
    stop_search = [a for a in answers.values() if a.get("satisfaction")]
    unhappy = [a for a in stop_search if a["satisfaction"] in ("dissatisfied", "very_dissatisfied")]
    happy = [a for a in stop_search if a["satisfaction"] in ("satisfied", "very_satisfied")]

    def share(group: list[dict], predicate) -> float:
        return sum(1 for a in group if predicate(a)) / len(group)

    assert share(unhappy, lambda a: "improve" in a) > share(happy, lambda a: "improve" in a) + 0.15

    def says_nothing_went_well(answers: dict) -> bool:
        return str(answers.get("went_well", "")).lower().startswith("nothing")

    assert share(unhappy, says_nothing_went_well) > 2 * share(happy, says_nothing_went_well)
    # Those not told the grounds ask to be told them.
    not_told = [a for a in stop_search if a.get("told_grounds") == "no" and "improve" in a]
    assert share(not_told, lambda a: re.search(r"why|grounds|reason", a["improve"], re.I)) > 0.3

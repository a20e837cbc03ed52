"""`flask retention purge`: old responses go with everything hanging off them; recent ones stay."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import func, select

from app.services import retention
from models import (
    Answer,
    AuditEvent,
    CodedAnswer,
    Journey,
    Response,
    Survey,
    TextAnswer,
    TextAnswerTheme,
    db,
    today,
    utcnow,
)
from tests.factories import create_link


def make_response(sent_on: dt.date, slug: str = "stop-search") -> int:
    """A response sent on ``sent_on`` with two answers and a free-text answer carrying two
    themes. Like a real one, it keeps only its month (the first day of it)."""
    submitted_on = sent_on.replace(day=1)
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    response = Response(
        survey_id=survey.id,
        survey_version_id=survey.current_version.id,
        submitted_on=submitted_on,
        submitted_month=submitted_on.strftime("%Y-%m"),
        withdrawal_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
    )
    response.answers = [
        Answer(survey_id=survey.id, question_key="satisfaction", value="satisfied"),
        Answer(survey_id=survey.id, question_key="respect", value="agree"),
    ]
    text = TextAnswer(survey_id=survey.id, question_key="improve", text="Explain why")
    text.themes = [
        TextAnswerTheme(theme="explanation of grounds", survey_id=survey.id),
        TextAnswerTheme(theme="respect and manner", survey_id=survey.id),
    ]
    response.text_answers = [text]
    db.session.add(response)
    db.session.commit()
    return response.id


def counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Response, Answer, TextAnswer, TextAnswerTheme, Journey)
    }


def remaining_response_ids() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Response.id)))


def children_of(response_id: int) -> tuple[int, int, int]:
    answers = db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.response_id == response_id)
    )
    texts = db.session.scalar(
        select(func.count()).select_from(TextAnswer).where(TextAnswer.response_id == response_id)
    )
    themes = db.session.scalar(
        select(func.count())
        .select_from(TextAnswerTheme)
        .join(TextAnswer, TextAnswer.id == TextAnswerTheme.text_answer_id)
        .where(TextAnswer.response_id == response_id)
    )
    return answers, texts, themes


def test_purge_deletes_responses_older_than_24_months_with_their_children(runner):
    first_kept = retention.first_month_kept(24)
    ancient = make_response(first_kept - dt.timedelta(days=400), "say-to-stay")
    just_too_old = make_response(first_kept - dt.timedelta(days=1))
    on_the_cutoff = make_response(retention.months_before(today(), 24))
    recent = make_response(today() - dt.timedelta(days=30), "listening-session")

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert f"Deleted 2 responses sent before {first_kept:%B %Y}" in result.output
    assert "their month ended more than 24 months ago" in result.output
    assert "with 4 answers, 2 free-text answers and 4 themes" in result.output
    assert remaining_response_ids() == {on_the_cutoff, recent}
    for gone in (ancient, just_too_old):
        assert children_of(gone) == (0, 0, 0)  # the foreign keys cascade, on SQLite too
    for kept in (on_the_cutoff, recent):
        assert children_of(kept) == (2, 1, 2)

    again = runner.invoke(args=["retention", "purge"])
    assert "Deleted 0 responses" in again.output  # idempotent: safe to run from cron daily
    assert remaining_response_ids() == {on_the_cutoff, recent}


def test_dry_run_counts_what_would_go_and_deletes_nothing(runner):
    first_kept = retention.first_month_kept(24)
    for days in (1, 10, 100):
        make_response(first_kept - dt.timedelta(days=days))
    make_response(today())
    link = create_link()
    db.session.add(
        Journey(
            id="stale",
            link_id=link.id,
            survey_version_id=link.survey.current_version.id,
            answers={},
            created_at=utcnow() - dt.timedelta(hours=30),
            updated_at=utcnow() - dt.timedelta(hours=30),
        )
    )
    # Started as long ago, but a page was saved an hour ago: still being answered, so kept.
    db.session.add(
        Journey(
            id="slow",
            link_id=create_link().id,
            survey_version_id=link.survey.current_version.id,
            answers={},
            created_at=utcnow() - dt.timedelta(hours=30),
            updated_at=utcnow() - dt.timedelta(hours=1),
        )
    )
    db.session.commit()
    before = counts()

    result = runner.invoke(args=["retention", "purge", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Would delete 3 responses" in result.output
    assert "with 6 answers, 3 free-text answers and 6 themes" in result.output
    assert "Would delete 1 unfinished survey (answers never sent)" in result.output
    assert "nothing was deleted" in result.output
    assert counts() == before


def test_purge_in_small_batches_deletes_every_old_response_in_every_survey():
    first_kept = retention.first_month_kept(24)
    old = {
        make_response(first_kept - dt.timedelta(days=day), slug)
        for day in range(1, 10)
        for slug in ("stop-search", "say-to-stay")
    }
    recent = {make_response(today() - dt.timedelta(days=day)) for day in range(3)}

    result = retention.purge(retention_months=24, journey_ttl=dt.timedelta(hours=24), batch_size=4)

    assert (result.responses, result.answers, result.text_answers, result.themes) == (
        18,
        36,
        18,
        36,
    )
    assert remaining_response_ids() == recent
    assert not remaining_response_ids() & old
    assert (
        retention.purge(
            retention_months=24, journey_ttl=dt.timedelta(hours=24), batch_size=4
        ).responses
        == 0
    )


def test_purge_removes_abandoned_journeys_but_not_ones_in_progress(runner):
    link = create_link()
    version = link.survey.current_version.id
    db.session.add_all(
        [
            Journey(id="abandoned", link_id=link.id, survey_version_id=version, answers={},
                    created_at=utcnow() - dt.timedelta(hours=25),
                    updated_at=utcnow() - dt.timedelta(hours=25)),
            # Started more than a day ago, but a page was saved minutes ago.
            Journey(id="in-progress", link_id=link.id, survey_version_id=version, answers={},
                    created_at=utcnow() - dt.timedelta(hours=30),
                    updated_at=utcnow() - dt.timedelta(minutes=5)),
        ]
    )  # fmt: skip
    db.session.commit()

    result = runner.invoke(args=["retention", "purge"])

    assert "Deleted 1 unfinished survey (answers never sent)" in result.output
    db.session.expire_all()
    assert set(db.session.scalars(select(Journey.id))) == {"in-progress"}


def test_the_retention_period_comes_from_the_configuration(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_MONTHS", 6)
    seven_months = make_response(retention.months_before(today(), 7))
    five_months = make_response(retention.months_before(today(), 5))

    result = runner.invoke(args=["retention", "purge"])

    assert "more than 6 months ago" in result.output
    assert remaining_response_ids() == {five_months}
    assert seven_months not in remaining_response_ids()


def test_a_response_is_kept_while_any_day_of_its_month_is_within_the_period():
    may_2024 = make_response(dt.date(2024, 5, 31))
    april_2024 = make_response(dt.date(2024, 4, 1))
    ttl = dt.timedelta(hours=24)

    # On 31 May 2026, 31 May 2024 is still within 24 months: May 2024 stays.
    result = retention.purge(retention_months=24, journey_ttl=ttl, on=dt.date(2026, 5, 31))
    assert result.cutoff == dt.date(2024, 5, 1)
    assert result.responses == 1
    assert remaining_response_ids() == {may_2024}
    assert april_2024 not in remaining_response_ids()

    # On 1 June 2026 every day of May 2024 is more than 24 months old.
    result = retention.purge(retention_months=24, journey_ttl=ttl, on=dt.date(2026, 6, 1))
    assert result.cutoff == dt.date(2024, 6, 1)
    assert result.responses == 1
    assert remaining_response_ids() == set()


def test_the_first_month_kept_is_the_month_of_the_retention_cutoff():
    assert retention.first_month_kept(24, dt.date(2026, 5, 31)) == dt.date(2024, 5, 1)
    assert retention.first_month_kept(24, dt.date(2026, 6, 1)) == dt.date(2024, 6, 1)
    assert retention.first_month_kept(6, dt.date(2026, 11, 30)) == dt.date(2026, 5, 1)


def test_months_before_keeps_to_calendar_months():
    assert retention.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert retention.months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert retention.months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)
    assert retention.months_before(dt.date(2026, 11, 22), 24) == dt.date(2024, 11, 22)
    assert retention.months_before(dt.date(2026, 11, 22), 18) == dt.date(2025, 5, 22)


MARKER = "zebra-marker-7Q"


def _response_with_every_derived_row(submitted_on: dt.date, code: str) -> tuple[int, list[int]]:
    """A response whose free text carries MARKER, with themes, a coded answer and a journey."""
    from app.services.responses import _hash_code

    response_id = make_response(submitted_on)
    response = db.session.get(Response, response_id)
    response.withdrawal_hash = _hash_code(code)
    text = response.text_answers[0]
    text.text = f"The officer said {MARKER} twice"
    db.session.add(
        CodedAnswer(
            text_answer_id=text.id, survey_id=response.survey_id, sentiment=-1, themes=[MARKER]
        )
    )
    db.session.commit()
    return response_id, [text.id]


def _traces(response_ids: set[int], text_ids: set[int]) -> list[str]:
    """Every row, in every table, that holds MARKER or points at the given responses."""
    found = []
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()).mappings():
            if MARKER in repr(dict(row)):
                found.append(f"{table.name}: {dict(row)}")
            for column in table.columns:
                for key in column.foreign_keys:
                    target = key.column.table.name
                    value = row[column.name]
                    if (target == "responses" and value in response_ids) or (
                        target == "text_answers" and value in text_ids
                    ):
                        found.append(f"{table.name}.{column.name} -> {target} {value}")
    return found


def test_withdrawal_leaves_no_trace_of_the_answers_in_any_table():
    from app.services import responses

    code = responses._new_withdrawal_code()
    response_id, text_ids = _response_with_every_derived_row(today(), code)
    assert _traces({response_id}, set(text_ids))  # the check can see them before

    assert responses.withdraw(code)

    assert _traces({response_id}, set(text_ids)) == []
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.target, event.actor) == ("response.withdrawn", "stop-search", None)


def test_purge_leaves_no_trace_of_the_answers_in_any_table(runner):
    old_day = retention.first_month_kept(24) - dt.timedelta(days=3)
    response_id, text_ids = _response_with_every_derived_row(old_day, "ABCDEFGHJKMNPQRT")
    link = create_link()
    db.session.add(
        Journey(
            id="abandoned",
            link_id=link.id,
            survey_version_id=link.survey.current_version.id,
            answers={"improve": f"half-typed {MARKER}"},
            created_at=utcnow() - dt.timedelta(days=3),
            updated_at=utcnow() - dt.timedelta(days=3),
        )
    )
    db.session.commit()

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert _traces({response_id}, set(text_ids)) == []
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "retention.purge"
    assert event.detail["responses"] == 1 and event.detail["journeys"] == 1
    assert MARKER not in repr(event.detail)


def test_two_purges_at_once_delete_everything_once_and_both_succeed(app):
    import threading

    first_kept = retention.first_month_kept(24)
    old = {make_response(first_kept - dt.timedelta(days=day % 40 + 1)) for day in range(40)}
    recent = {make_response(today())}
    results, errors = [], []

    def purge() -> None:
        with app.app_context():
            try:
                results.append(
                    retention.purge(
                        retention_months=24, journey_ttl=dt.timedelta(hours=24), batch_size=5
                    )
                )
            except Exception as error:  # reported below, with the other run's result
                errors.append(error)
            finally:
                db.session.remove()

    runs = [threading.Thread(target=purge) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=120)

    assert errors == []
    assert sum(result.responses for result in results) == len(old)  # none counted twice
    assert remaining_response_ids() == recent

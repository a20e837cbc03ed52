"""The results overview: each survey's responses in total and by month, its codes offered and
answered (by their sort: a listening session's code takes many answers, a stop and search
code one), its headline measure, and when the free text was last analysed. The code's model
is a link; its pages, the officers' and "Offered and answered", call it a code, as this does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.services import overview_queries, results_cache
from app.services import staff_survey_confidential as confidential
from app.services.definitions import MULTI_TYPE, Definition, localised
from app.services.results_answer_cells import ANSWER_FEW_TOTAL, hide_total
from app.services.results_counts import left_out_months, left_out_note, months_counted
from app.services.results_labels import every_month, headline_for, month_label
from app.services.results_sentences import percent
from app.services.results_totals import month_totals
from models import Survey, db, today


@dataclass(frozen=True)
class MonthCount:
    month: str
    label: str
    n: int | None
    hidden: str | None = None


@dataclass(frozen=True)
class SurveySummary:
    slug: str
    title: str
    total: int | None  # None: fewer than k responses
    months: list[MonthCount]
    links_label: str  # "Codes answered", "Listening sessions" or "Codes"
    links: str  # "12 of 40 codes offered (30%)", "13 sessions; 12 heard from, 444 responses"
    measure: str  # "% satisfied with how they were treated"
    headline: str | None  # "68%" or "Workload and demand (31%), …"; None when hidden
    headline_n: int = 0
    last_scored: dt.date | None = None
    reasons: list[tuple[str, float]] = field(default_factory=list)
    # All respondents' reasons hidden (results_answer_cells.hide_total), so not listed; with
    # every reason hidden, the headline is None and ``headline_hidden`` says why.
    reasons_hidden: int = 0
    headline_hidden: str | None = None
    counted_note: str | None = None  # when its figures were counted, if not from current data
    left_out_note: str | None = None  # the months whose responses are not counted yet


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def links_in_words(
    counts: list[overview_queries.LinkCounts], staff_k: int | None = None
) -> tuple[str, str]:
    """(label, sentence) for a survey's codes, true to each sort: single-use codes are
    answered once each, so their share answered means something; a listening session's code
    and a standing code take many answers, so they are counted with the responses they
    brought. ``staff_k``, for a survey of police officers and staff, is the k its single-use
    codes answered are counted over (:func:`staff_survey_confidential.answered_count_shown`):
    with fewer answered or fewer not, only the codes offered are counted."""
    sessions = [c for c in counts if c.event]
    single = [c for c in counts if not c.event and c.single_use]
    reusable = [c for c in counts if not c.event and not c.single_use]
    parts = []
    if single:
        offered, answered = sum(c.links for c in single), sum(c.answered for c in single)
        if staff_k is None or confidential.answered_count_shown(offered, answered, staff_k):
            parts.append(
                f"{answered:,} of {offered:,} codes offered ({percent(answered / offered)})"
            )
        else:
            parts.append(
                f"{_count(offered, 'code')} offered; how many were answered is shown once at "
                f"least {staff_k} were and {staff_k} were not, so that it cannot tell whether "
                "a colleague given one answered"
            )
    if sessions:
        held = sum(c.sessions for c in sessions)
        heard = sum(c.sessions_answered for c in sessions)
        responses = sum(c.responses for c in sessions)
        parts.append(
            f"{_count(held, 'session')}; {heard:,} heard from, {_count(responses, 'response')}"
        )
    if reusable:
        links = sum(c.links for c in reusable)
        known = [c.responses for c in reusable if c.responses is not None]
        part = f"{_count(links, 'code')} anyone can answer, such as on a poster"
        if len(known) == len(reusable):  # not known while a month's answers are left out
            through = "it" if links == 1 else "them"
            part += f"; {_count(sum(known), 'response')} through {through}"
        parts.append(part)
    if not parts:
        return "Codes answered", "No codes made yet"
    if single and not sessions and not reusable:
        return "Codes answered", parts[0]
    if sessions and not single and not reusable:
        return "Listening sessions", parts[0]
    return "Codes", "; ".join(parts)


def last_whole_month(on: dt.date | None = None) -> str:
    """The month before the one ``on`` (today) falls in, "YYYY-MM": the last month over."""
    day = (on or today()).replace(day=1) - dt.timedelta(days=1)
    return f"{day.year:04d}-{day.month:02d}"


def months_shown(months: Iterable[str], on: dt.date | None = None) -> list[str]:
    """The months of a survey's "Responses by month": from its first month with responses to
    the last whole month (or this month, once it has responses), the months between without
    responses included. Every survey's table ends in the same month, so a month with none
    reads as the 0 it is rather than as a month not yet reached; none is small (it describes
    nobody), so showing it gives nothing away. A survey without responses has no months. A
    staff survey's month not yet over is not given here, so has no row until it ends."""
    found = sorted(months)
    if not found:
        return []
    return every_month([found[0], max(found[-1], last_whole_month(on))])


def overview(k: int) -> list[SurveySummary]:
    """A summary of every survey, each figure through the same disclosure control, each
    survey's figures from one snapshot of its counts."""
    return results_cache.consistent(lambda: _overview(k))


def _overview(k: int) -> list[SurveySummary]:
    links = overview_queries.links_by_survey()
    summaries = []
    staff_surveys = confidential.staff_survey_ids()
    for survey in db.session.scalars(select(Survey).order_by(Survey.id)):
        if survey.current_version is None:
            continue
        definition = Definition(survey.current_version.definition)
        headline = headline_for(survey.slug, definition)
        every = dict(months_counted(survey.id))
        # A staff survey's month not yet over is left out whatever its count, and has no row:
        # neither its count nor whether anyone has answered in it is shown until it ends.
        not_over = confidential.month_not_over(survey.id, staff_surveys)
        left_out = left_out_months(every.items(), k, not_over)
        months = {m: n for m, n in every.items() if m not in left_out}
        question = (definition.question(headline.question) or {}) if headline is not None else {}
        counted = _counted(
            survey.id,
            headline.question if headline else None,
            question,
            left_out,
            staff=survey.id in staff_surveys,
        )
        _, note = results_cache.when_counted(survey.id)
        decided = month_totals(months, k)
        links_label, links_text = links_in_words(
            _without_months(links.get(survey.id, []), survey.id, left_out),
            k if survey.id in staff_surveys else None,
        )
        measure, value, n, reasons, hidden = "", None, 0, [], set()
        if headline is not None:
            counts = dict(counted["options"])
            n, favoured = _answered(question, counts, counted)
            measure = headline.label
            if n >= k and headline.kind == "reasons":
                reasons, hidden = _top_reasons(definition, question, counts, n, k)
                value = ", ".join(f"{label} ({percent(share)})" for label, share in reasons)
            elif n >= k:
                value = percent(favoured / n)
        summaries.append(
            SurveySummary(
                slug=survey.slug,
                title=localised(definition.data["title"], "en"),
                total=sum(months.values()) if decided.total_shown or not months else None,
                months=[
                    MonthCount(m, month_label(m), None, "left_out")
                    if m in left_out
                    else MonthCount(
                        m,
                        month_label(m),
                        months[m] if decided.shown(m) else None,
                        decided.reason(m),
                    )
                    if m in months
                    else MonthCount(m, month_label(m), 0)
                    for m in months_shown(m for m in every if m != not_over)
                ],
                links_label=links_label,
                links=links_text,
                measure=measure,
                headline=value,
                headline_n=n,
                last_scored=(
                    dt.date.fromisoformat(counted["last_scored"])
                    if counted["last_scored"]
                    else None
                ),
                reasons=reasons,
                reasons_hidden=len(hidden),
                headline_hidden=ANSWER_FEW_TOTAL if hidden and not reasons else None,
                counted_note=note,
                left_out_note=left_out_note(left_out, k, not_over),
            )
        )
    return summaries


def _answered(
    question: dict[str, Any], counts: dict[str, int], counted: dict[str, Any]
) -> tuple[int, int]:
    """(how many answered the headline question, how many of them chose a favourable answer).
    One answer each, that is its options' counts added up; where several may be ticked, the
    people, counted by response (:func:`_counted`): added up, a respondent who ticked three
    would count three times, and every share "of n" would be too small."""
    if question.get("type") == MULTI_TYPE:
        return counted["respondents"], counted["favoured"]
    favourable = set(question.get("favourable", []))
    return sum(counts.values()), sum(c for code, c in counts.items() if code in favourable)


def _top_reasons(
    definition: Definition, question: dict[str, Any], counts: dict[str, int], n: int, k: int
) -> tuple[list[tuple[str, float]], set[str]]:
    """The three reasons most given, with their shares of the ``n`` who answered, leaving out
    those all respondents' row of the results page hides (the same rule, on the same months'
    counts: chosen by 1 to k-1, or hidden with those that were), and the reasons hidden."""
    hidden = hide_total(counts, k, multiple=question.get("type") == MULTI_TYPE)
    shown = [(code, c) for code, c in counts.items() if code not in hidden]
    top = sorted(shown, key=lambda item: -item[1])[:3]
    return [(definition.option_label(question, code, "en"), c / n) for code, c in top], hidden


def _without_months(
    counts: list[overview_queries.LinkCounts], survey_id: int, left_out: tuple[str, ...]
) -> list[overview_queries.LinkCounts]:
    """The survey's link counts without the answers of the months left out, so that they
    cannot be set against its responses to give a left-out month's count."""
    if not left_out:
        return counts
    inside = {
        (c.event, c.single_use): c for c in overview_queries.links_answered_in(survey_id, left_out)
    }
    return [c.less(inside.get((c.event, c.single_use))) for c in counts]


def _counted(
    survey_id: int,
    key: str | None,
    question: dict[str, Any],
    left_out: tuple[str, ...],
    *,
    staff: bool = False,
) -> dict[str, Any]:
    """The headline question's (``key``'s) option counts, and for a question that allows several
    answers its respondents and those who chose a favourable answer, without the months
    ``left_out``; and when the free text was last scored: for a ``staff`` survey, the free text
    of the months counted, as nothing else it shows moves when a colleague answers. From the
    results cache while the survey's data is unchanged."""
    multiple = question.get("type") == MULTI_TYPE
    favourable = sorted(question.get("favourable", [])) if multiple else []

    def count() -> dict[str, Any]:
        scored = overview_queries.last_scored(survey_id, left_out if staff else ())
        found: dict[str, Any] = {
            "options": sorted(overview_queries.option_counts(survey_id, key, left_out).items())
            if key
            else [],
            "last_scored": scored.isoformat() if scored else None,
        }
        if key and multiple:
            found["respondents"], found["favoured"] = overview_queries.respondents_choosing(
                survey_id, key, favourable, left_out
            )
        return found

    # The respondents are counted only where several answers may be given; the key says so,
    # with the favourable answers counted, so that what was stored for another is never read.
    counts = f"{key}:respondents:{','.join(favourable)}" if multiple else key
    # As is when the text was last scored: of the months counted, or of all.
    scored = ":scored-counted" if staff else ""
    return results_cache.cached(survey_id, f"overview:{counts}:{','.join(left_out)}{scored}", count)

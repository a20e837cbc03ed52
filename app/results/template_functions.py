"""The filters and functions the results templates use: the wording of figures, notes and
reasons, kept in app/services/results_sentences.py and results_reasons.py, made available to
every template of the results pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from app.results import bp, many_groups
from app.results.forms import ResultsForm, query_for
from app.services import results, results_quarters
from app.services.results_reasons import explain, explained_rows, no_reference, panel_rows
from app.services.results_sentences import (
    day,
    difference,
    moment,
    number,
    number_interval,
    percent,
    percent_interval,
    top_reasons,
)


@bp.app_template_filter("percent")
def _percent(value: float | None) -> str:
    return percent(value)


@bp.app_template_filter("percent_interval")
def _percent_interval(value: Any) -> str:
    return percent_interval(value)


@bp.app_template_filter("number")
def _number(value: float | None) -> str:
    return number(value)


@bp.app_template_filter("number_interval")
def _number_interval(value: Any) -> str:
    return number_interval(value)


@bp.app_template_filter("moment")
def _moment(value: dt.datetime) -> str:
    return moment(value)


@bp.app_template_filter("day")
def _day(value: dt.date) -> str:
    return day(value)


@bp.app_template_global("difference_text")
def _difference(row: Any, comparisons: int) -> str:
    return difference(row, comparisons)


@bp.app_template_global("top_reasons")
def _top_reasons(panel: Any) -> str:
    return top_reasons(panel)


@bp.app_template_global("explain_hidden")
def _explain(reason: str, k: int) -> str:
    return explain(reason, k)


@bp.app_template_global("no_reference")
def _no_reference(found: results.SurveyResults, form: ResultsForm) -> str:
    return no_reference(found, {choice.value: choice.label for choice in form.compare.choices})


@bp.app_template_global("explained_rows")
def _explained_rows(rows: Any, k: int) -> list[tuple[str, list[str]]]:
    return explained_rows(rows, k)


@bp.app_template_global("panel_rows")
def _panel_rows(panels: Any, found: results.SurveyResults) -> list[dict[str, Any]]:
    return panel_rows(panels, found.groups, found.total_hidden, found.k)


@bp.app_template_global("trend_notes")
def _trend_notes(found: results.SurveyResults) -> tuple[str | None, str | None]:
    return results_quarters.trend_notes(found)


@bp.app_template_global("trend_unit")
def _trend_unit(found: results.SurveyResults) -> str:
    return results_quarters.trend_unit(found)


@bp.app_template_global("respondents_note")
def _respondents_note(found: results.SurveyResults) -> str | None:
    return results_quarters.respondents_note(found)


@bp.app_template_global("hidden_at_any_dates")
def _hidden_at_any_dates(found: results.SurveyResults) -> bool:
    return results_quarters.hidden_at_any_dates(found)


@bp.app_template_global("crowded")
def _crowded(found: results.SurveyResults) -> bool:
    return many_groups.crowded(found)


@bp.app_template_global("charted_note_paragraphs")
def _charted_note(found: results.SurveyResults) -> list[Markup]:
    return many_groups.charted_note(found)


@bp.app_template_global("question_summary")
def _question_summary(panel: Any, found: results.SurveyResults) -> str:
    return many_groups.question_summary(panel, found)


@bp.app_template_global("distribution_summary")
def _distribution_summary(panel: Any) -> str:
    return many_groups.distribution_summary(panel)


@bp.app_template_global("results_query")
def _results_query(filters: results.Filters) -> str:
    return query_for(filters)

"""The results API's JSON document, read from the same :class:`SurveyResults` the results page
and its exports read, so that all three give the same figures and hide the same ones.

What DESIGN.md fixes (``survey``, ``by``, ``k`` and each group's ``n``, ``suppressed``,
``questions`` {key: {``positive_share``, ``ci``}}, ``sentiment`` {``mean``, ``ci``} and
``themes`` {name: share}) keeps its names and types; everything else sits beside it. A figure
the page hides is null here, with the page's reason beside it; a group the page hides has no
figures anywhere in the document (its row only, and its name where the trend says it has no
line).
"""

from __future__ import annotations

import math
from typing import Any

from app.api.results_document_schema import QUESTION_FIGURES, SENTIMENT_FIGURES
from app.services import results_quarters
from app.services.results_asked import Asked
from app.services.results_model import (
    DistributionPanel,
    DistributionRow,
    QuestionPanel,
    SentimentFigure,
    ShareFigure,
    SurveyResults,
    ThemeRow,
    TrendPanel,
    TrendPoint,
    TrendSeries,
)
from app.services.results_reasons import explain
from app.services.results_sentences import difference

DIGITS = 4
#: Significant figures of an adjusted p-value: a small one must not round to 0.
P_FIGURES = 4
#: The code of the row for everyone in the view.
TOTAL = "all"


def _round(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, DIGITS) + 0.0  # + 0.0: never -0.0


def _p(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.{P_FIGURES}g}")


def _interval(ci: Any) -> list[float] | None:
    if ci is None or ci.low is None or ci.high is None:
        return None
    low, high = _round(ci.low), _round(ci.high)
    return None if low is None or high is None else [low, high]


def _reason(row: Any, k: int) -> str | None:
    """Why a figure within a shown group is hidden, in the page's words; None when it is shown
    or simply has no answers."""
    hidden = getattr(row, "hidden", None)
    return explain(hidden, k) if hidden else None


def _shown(row: Any) -> bool:
    """Whether the page shows a row's figures: not hidden, and with somebody in it."""
    return row is not None and row.hidden is None and bool(row.n)


def asked_figure(figure: Asked) -> dict[str, Any]:
    return {
        "question": figure.question,
        "asked_of": figure.asked_of,
        "respondents": figure.respondents,
        "asked": figure.asked,
        "asked_fewer_than": figure.fewer_than,
        "asked_more_than": figure.more_than,
        "suppressed": figure.suppressed,
        "summary": figure.sentence,
    }


def _question(row: ShareFigure | None, found: SurveyResults, finding: str | None) -> dict[str, Any]:
    """One group's figures for one question with a favourable half, as its row of the page's
    table and of the exports: all null when hidden or nobody answered."""
    figures: dict[str, Any] = dict.fromkeys(QUESTION_FIGURES)
    figures.update(hidden_reason=_reason(row, found.k), finding=finding)
    if row is None or not _shown(row):
        return figures
    figures.update(
        positive_share=_round(row.share),
        ci=_interval(row.ci),
        answered=row.n,
        favourable=row.count,
    )
    if row.ratio is not None:  # compared with the reference group
        figures.update(
            ratio=_round(row.ratio),
            ratio_ci=_interval(row.ratio_ci),
            p_adjusted=_p(row.p_adjusted),
            significant=row.significant,
            direction=row.direction,
            difference=difference(row, found.comparisons) or None,
        )
    return figures


def _distribution(row: DistributionRow | None, panel: DistributionPanel, k: int):
    figures: dict[str, Any] = {
        "answered": None,
        "shares": None,
        "hidden_reason": _reason(row, k),
        "hidden_answers": {},
    }
    if row is None or not _shown(row):
        return figures
    shares = row.shares or {}
    hidden = {code: row.answer_hidden(code, k) for code, _ in panel.options}
    figures.update(
        answered=row.n,
        # An answer chosen by too few is null, its reason in hidden_answers.
        shares={
            code: None if hidden[code] else _round(shares.get(code) or 0.0)
            for code, _ in panel.options
        },
        hidden_answers={code: why for code, why in hidden.items() if why},
    )
    return figures


def _sentiment(text: SentimentFigure | None, k: int) -> dict[str, Any]:
    figures: dict[str, Any] = dict.fromkeys(SENTIMENT_FIGURES)
    figures["hidden_reason"] = _reason(text, k)
    if text is None or not _shown(text):
        return figures
    figures["respondents"] = text.n
    if text.answers:  # else not analysed yet
        figures.update(
            mean=_round(text.mean),
            ci=_interval(text.ci),
            negative_share=_round(text.negative),
            negative_ci=_interval(text.negative_ci),
        )
    return figures


def _theme_figures(row: ThemeRow | None, names: list[str], k: int) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "answers_analysed": None,
        "hidden_reason": _reason(row, k),
        "themes": {},
    }
    if row is None or not _shown(row):
        return figures
    figures["answers_analysed"] = row.n
    for name in names:
        cell = row.cells.get(name)
        if cell is None:
            continue
        compared = cell.ratio is not None
        figures["themes"][name] = {
            "count": cell.count,
            "share": _round(cell.share),
            "ci": _interval(cell.ci),
            "ratio": _round(cell.ratio) if compared else None,
            "ratio_ci": _interval(cell.ratio_ci) if compared else None,
            "p_adjusted": _p(cell.p_adjusted) if compared else None,
            "significant": cell.significant if compared else None,
            "direction": cell.direction if compared else None,
        }
    return figures


def _findings(panel: QuestionPanel) -> dict[str, str]:
    """Each significant difference's sentence, by the group it is about (as the page pairs
    them under the question's table)."""
    significant = [r for r in panel.rows if r.significant and r.hidden is None]
    return {row.group: sentence for row, sentence in zip(significant, panel.findings, strict=True)}


def _figures(group: str, found: SurveyResults, index: dict[str, Any]) -> dict[str, Any]:
    """Every figure of one row (a group, or everyone in the view), each hidden as on the page."""
    questions = {
        panel.key: _question(
            index["questions"][panel.key].get(group),
            found,
            index["findings"][panel.key].get(group),
        )
        for panel in found.questions
    }
    theme_row = index["themes"].get(group)
    return {
        "questions": questions,
        "sentiment": _sentiment(index["sentiment"].get(group), found.k),
        "themes": (
            {name: _round(cell.share) for name, cell in theme_row.cells.items()}
            if _shown(theme_row)
            else {}
        ),
        "theme_figures": _theme_figures(theme_row, found.themes.themes, found.k),
        "distributions": {
            panel.key: _distribution(index["distributions"][panel.key].get(group), panel, found.k)
            for panel in found.distributions
        },
    }


def _index(found: SurveyResults) -> dict[str, Any]:
    """Each panel's rows by group code, the total's under "all"."""
    return {
        "questions": {
            panel.key: {row.group: row for row in [*panel.rows, panel.total]}
            for panel in found.questions
        },
        "findings": {panel.key: _findings(panel) for panel in found.questions},
        "distributions": {
            panel.key: {row.group: row for row in [*panel.rows, panel.total]}
            for panel in found.distributions
        },
        "sentiment": {s.group: s for s in [*found.sentiment, found.sentiment_total]},
        "themes": {row.group: row for row in [*found.themes.rows, found.themes.total]},
    }


def _groups(found: SurveyResults, index: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for figure in found.groups:
        entry: dict[str, Any] = {
            "group": figure.group,
            "label": figure.label,
            "n": figure.n,
            "suppressed": figure.hidden is not None,
            # The words the page and the exports give; never whether the group is small or
            # hidden as cover for one that is (results_reasons explains why).
            "suppressed_reason": (
                explain(figure.hidden, found.k) if figure.hidden is not None else None
            ),
        }
        if figure.hidden is not None:
            entry.update(
                {
                    "n": None,
                    "share_of_respondents": None,
                    "questions": {},
                    "sentiment": None,
                    "themes": {},
                    "theme_figures": None,
                    "distributions": {},
                }
            )
        else:
            entry["share_of_respondents"] = _round(figure.share)
            entry.update(_figures(figure.group, found, index))
        groups.append(entry)
    return groups


def _total(found: SurveyResults, index: dict[str, Any]) -> dict[str, Any]:
    """The page's "All respondents" row of each table: each figure hidden for its own reason,
    as the page hides it (a table's total can be hidden while the view's is shown)."""
    hidden = found.total_hidden
    return {
        "group": TOTAL,
        "label": "All respondents",
        "n": found.total if hidden is None else None,
        "suppressed": hidden is not None,
        "suppressed_reason": explain(hidden, found.k) if hidden is not None else None,
        "share_of_respondents": 1.0 if hidden is None and found.total else None,
        **_figures(TOTAL, found, index),
    }


def _point(point: TrendPoint, k: int) -> dict[str, Any]:
    shown = point.hidden is None and bool(point.n)
    return {
        "period": point.period,
        "answered": point.n if point.hidden is None else None,
        "positive_share": _round(point.share) if shown else None,
        "ci": _interval(point.ci) if shown else None,
        "hidden_reason": _reason(point, k),
    }


def _series(series: TrendSeries, k: int) -> dict[str, Any]:
    return {
        "group": series.group,
        "label": series.label,
        "points": [_point(point, k) for point in series.points],
    }


def _trend(found: SurveyResults) -> dict[str, Any] | None:
    """The trend by quarter (or reporting year) as the page's table gives it: everyone, then
    each group with a line; a group without one named with why (grouped by month, groups are
    months and have no lines of their own)."""
    trend: TrendPanel | None = found.trend
    if trend is None:
        return None
    codes = {g.label: g.group for g in found.groups}
    return {
        "question": trend.question,
        "text": trend.text,
        "measure": trend.measure,
        "unit": results_quarters.trend_unit(found),
        "notes": [note for note in results_quarters.trend_notes(found) if note],
        "periods": [{"period": code, "label": label} for code, label in trend.periods],
        "total": _series(trend.overall, found.k),
        "groups": [_series(series, found.k) for series in found.trend_series],
        "without_line": [
            {"group": codes.get(label), "label": label, "hidden_reason": explain(reason, found.k)}
            for label, reason in (trend.hidden if found.dimension != "month" else [])
        ],
    }


def _detail(key: str, text: str, kind: str, **given: Any) -> dict[str, Any]:
    """One question's entry in ``question_details``: what it is not, null."""
    return {
        "key": key,
        "text": text,
        "kind": kind,
        "favourable": None,
        "options": None,
        "multiple": False,
        "note": None,
        **given,
    }


def _question_details(found: SurveyResults) -> list[dict[str, Any]]:
    """The questions in the page's order, with what the figures of each are of."""
    return [
        *(
            _detail(panel.key, panel.text, "favourable", favourable=list(panel.favourable))
            for panel in found.questions
        ),
        *(
            _detail(
                panel.key,
                panel.text,
                "distribution",
                options=[{"code": code, "label": label} for code, label in panel.options],
                multiple=panel.multiple,
            )
            for panel in found.distributions
        ),
        *(
            _detail(question.key, question.text, "grouping", note=question.note(found.k))
            for question in found.grouping_questions
        ),
    ]


def document(found: SurveyResults, asked: dict[str, Asked]) -> dict[str, Any]:
    """The results as the API's JSON (DESIGN.md): a hidden group has no figures at all;
    ``asked`` says how many were asked each question shown only after some answers."""
    index = _index(found)
    reference = (
        {"group": found.reference, "label": found.reference_label}
        if found.reference is not None
        else None
    )
    return {
        "survey": found.slug,
        "by": found.dimension,
        "k": found.k,
        "groups": _groups(found, index),
        "asked": {key: asked_figure(figure) for key, figure in asked.items()},
        "counted_at": (
            found.counted_at.isoformat(timespec="seconds") if found.counted_at else None
        ),
        "months_not_counted": list(found.left_out),
        "filters": {
            "from": found.view.start,
            "to": found.view.end,
            "area": found.filters.area,
            "session": found.filters.event,
            "description": found.filter_text,
        },
        "reference": reference,
        "comparisons": found.comparisons,
        "findings": list(found.findings),
        "question_details": _question_details(found),
        "theme_names": list(found.themes.themes),
        "total": _total(found, index),
        "trend": _trend(found),
        "notes": [
            note
            for note in (
                found.counted_note,
                found.left_out_note,
                results_quarters.respondents_note(found),
            )
            if note
        ],
    }

"""The overview, a survey's results, their exports and the printable report. Each page is
the form, one call to the results service, and a template."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from flask import Response, abort, render_template, request, url_for

from app.results import bp, many_groups
from app.results.forms import ResultsForm
from app.services import (
    audit,
    disclosure_settings,
    export,
    export_names,
    results,
    results_asked,
    results_cache,
    results_overview,
    results_trend_choice,
)
from app.services.charts import bar_chart
from app.services.results_labels import (
    DEFAULT_DIMENSION,
    DIMENSION_LABELS,
    in_sentence,
    respondents_noun,
)

#: The fields that choose which quotes to read, not which results.
QUOTE_FIELDS = ("theme", "group")
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _k() -> tuple[int, int]:
    return disclosure_settings.thresholds()


@bp.get("/", endpoint="surveys")
def surveys():
    k, _ = _k()
    summaries = results_overview.overview(k)
    charts = {
        s.slug: bar_chart(
            [f"{m.label[:3]}\n{m.label[-4:]}" for m in s.months],
            [m.n for m in s.months],
            f"Chart: responses to {s.title} by month; table follows.",
        )
        for s in summaries
        if s.months
    }
    return render_template("results/surveys.html", summaries=summaries, charts=charts, k=k)


def _form(context: results.SurveyContext, k: int) -> ResultsForm:
    dimensions = [(d, DIMENSION_LABELS[d]) for d in context.dimensions()]
    asked = request.args.get("by", DEFAULT_DIMENSION)
    dimension = asked if asked in dict(dimensions) else DEFAULT_DIMENSION
    return ResultsForm(
        request.args,
        dimensions=dimensions,
        groups=results.group_choices(context, dimension, k),
        areas=[(a.code, a.name) for a in context.areas],
        events=[(str(e.id), f"{e.name}, {e.held_on:%-d %B %Y}") for e in context.events],
        themes=results.theme_names(context.survey.id),
        trends=results_trend_choice.trend_choices(context.survey.slug, context.definition),
        default_trend=results_trend_choice.default_trend(context.survey.slug, context.definition),
    )


def _results(
    slug: str, *, quotes: bool = True
) -> tuple[Any, ResultsForm, results.SurveyResults | None]:
    """The survey, the form, and its results (None when the form has errors in what the
    results are of). A theme or group of the quotes that is not in their lists is an error
    beside their own fields, under the results; the report and the exports, which have no
    quotes (``quotes`` false), take no notice of them."""
    context = results.survey_context(slug)
    if context is None:
        abort(404)
    k, k_text = _k()  # read once a request: the form's months and the results both need k
    form = _form(context, k)
    form.validate()
    if not quotes:
        for name in QUOTE_FIELDS:
            form[name].errors = []
    if any(name not in QUOTE_FIELDS for name in form.errors):
        return context, form, None
    try:
        found = results.survey_results(slug, form.filters(), k=k, k_text=k_text)
    except results.ResultsError as error:
        fields = {
            "by": form.by,
            "from": form.start,
            "to": form.end,
            "area": form.area,
            "event": form.event,
            "trend": form.trend,
        }
        for name, message in error.problems:
            field = fields.get(name, form.by)
            field.errors = [*field.errors, message]
        return context, form, None
    return context, form, found


def _compare_notice(
    context: results.SurveyContext, form: ResultsForm, found: results.SurveyResults | None
) -> str | None:
    if found is None or not form.compare_ignored:
        return None
    return results.compare_notice(context, form.compare_ignored, found)


def _timed(found: results.SurveyResults | None, template: str, status: int, **context: Any):
    if found is None:
        return render_template(template, results=None, **context), status
    with found.timings.phase("render"):
        charts = many_groups.page_charts(found)
        page = render_template(template, results=found, charts=charts, **context)
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Server-Timing"] = found.timings.header()
    return response


def _results_and_asked(
    slug: str, *, quotes: bool = True
) -> tuple[Any, ResultsForm, results.SurveyResults | None, dict[str, results_asked.Asked]]:
    """:func:`_results`, and who was asked its conditional questions, from one snapshot."""

    def build() -> tuple[Any, ResultsForm, results.SurveyResults | None, dict[str, Any]]:
        context, form, found = _results(slug, quotes=quotes)
        if found is None:
            return context, form, found, {}
        asked = results_asked.for_results(found, context.definition)
        results.note_counted(found)  # again: the asked counts are part of the snapshot
        return context, form, found, asked

    return results_cache.consistent(build)


def _quotes_wanted() -> int:
    """How many answers to show: ten, or ten more each time "Show 10 more answers" is followed
    (``shown``), up to QUOTES_MOST. Anything else in ``shown`` (it is only ever written by
    that link) shows the first ten."""
    try:
        wanted = int(request.args.get("shown", ""))
    except ValueError:
        return results.QUOTES_SHOWN
    if not results.QUOTES_SHOWN <= wanted <= results.QUOTES_MOST:
        return results.QUOTES_SHOWN
    return -(-wanted // results.QUOTES_SHOWN) * results.QUOTES_SHOWN  # whole tens


def _more_quotes_url(slug: str, shown: int) -> str:
    """This view's address asking for ten more answers, opening at the first of them."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "shown"]
    query.append(("shown", str(shown + results.QUOTES_SHOWN)))
    page = url_for("results.surveys_results", slug=slug)
    return f"{page}?{urlencode(query)}#quote-{shown + 1}"


def _quotes_heading(found: results.SurveyResults, form: ResultsForm, shown: int, more: bool) -> str:
    """Whose answers are shown, on what, and whether they are all of them: "What Black …
    respondents wrote about “Fairness and profiling”: all 6 answers"."""
    label = {choice.value: choice.label for choice in form.group.choices}.get(form.group.data, "")
    who = in_sentence(found.dimension, respondents_noun(found.dimension, form.group.data, label))
    if more:
        how_many = f"the {shown} most recent answers"
    else:
        how_many = "the only answer" if shown == 1 else f"all {shown} answers"
    return f"What {who} wrote about “{form.theme.data}”: {how_many}"


@bp.get("/<slug>", endpoint="surveys_results")
def survey(slug: str):
    # Every count on the page, the sentences about who was asked included, from one snapshot.
    context, form, found, figures = _results_and_asked(slug)
    asked = results_asked.sentences(figures)
    quotes, quotes_reason, more, more_quotes_url = [], None, False, None
    if found is not None and form.theme.data and form.group.data:
        wanted = _quotes_wanted()
        # One more than wanted, to know whether there are more to show.
        quotes, quotes_reason = results.quotes(
            found, form.group.data, form.theme.data, limit=wanted + 1
        )
        more = len(quotes) > wanted
        quotes = quotes[:wanted]
        if more and wanted < results.QUOTES_MOST:
            more_quotes_url = _more_quotes_url(slug, wanted)
    quotes_heading = _quotes_heading(found, form, len(quotes), more) if quotes else None
    # Each grouping's groups, for "Compare with" to follow "Group by" in the browser.
    # A plain string, so that the attribute it is put in escapes it.
    compare_groups = (
        json.dumps({d: results.group_choices(context, d, found.k) for d in context.dimensions()})
        if found is not None
        else None
    )
    page = _timed(
        found,
        "results/survey.html",
        400 if form.errors else 200,
        survey=context,
        form=form,
        compare_notice=_compare_notice(context, form, found),
        compare_groups=compare_groups,
        quotes=quotes,
        quotes_reason=quotes_reason,
        quotes_heading=quotes_heading,
        more_quotes_url=more_quotes_url,
        query=request.query_string.decode("utf-8", "replace"),
        asked=asked,
        asked_text=results_asked.free_text(context.definition, asked),
    )
    if quotes:  # who read respondents' answers, and when (never which), is in the audit log
        audit.record_answers_read(context.survey.slug, "results_quotes")
    return page


@bp.get("/<slug>/report", endpoint="surveys_report")
def report(slug: str):
    context, form, found = _results(slug, quotes=False)
    actions = results.published_actions(context.survey.id)
    return _timed(
        found,
        "results/report.html",
        400 if form.errors else 200,
        survey=context,
        form=form,
        actions=actions,
        compare_notice=_compare_notice(context, form, found),
        produced=dt.datetime.now(dt.UTC),
        extent=results.extent(found) if found is not None else None,
    )


@bp.get("/<slug>/export.<kind>", endpoint="surveys_export")
def export_results(slug: str, kind: str):
    if kind not in EXPORT_TYPES:
        abort(404)
    context, form, found, asked = _results_and_asked(slug, quotes=False)
    if found is None:
        return render_template(
            "results/survey.html",
            results=None,
            survey=context,
            form=form,
            quotes=[],
            quotes_reason=None,
            query="",
        ), 400
    body = export.to_csv(found, asked) if kind == "csv" else export.to_xlsx(found, asked)
    f = found.filters
    audit.record(
        "results.export",
        target=slug,
        detail={
            "format": kind,
            "by": f.dimension,
            "from": f.start,
            "to": f.end,
            "area": f.area,
            "event": f.event,
            "reference": found.reference,
            "trend": f.trend,  # a question chosen for the trend; none for the headline's
        },
    )
    response = Response(body, mimetype=EXPORT_TYPES[kind].split(";")[0])
    response.headers["Content-Type"] = EXPORT_TYPES[kind]
    event = next(((e.name, e.held_on) for e in context.events if e.id == f.event), None)
    made = dt.datetime.now(results_cache.LOCAL).date()
    name = export_names.file_name(slug, f, kind, made=made, event=event)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response

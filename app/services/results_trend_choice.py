"""Which question the trend shows.

By default the trend is of the survey's headline (its trend question: for stop and search,
"Overall, how satisfied are you with how you were treated?"). An analyst checking whether a
change moved one question ("You said, we did": officers now explain the grounds for a search)
can choose another: any question that "Answers by group" gives a favourable share for, that is
a closed single-answer question off the equality pages, with a favourable answer, that is not
one of the survey's groupings (its answers are that grouping's groups, shown only grouped by
it). The trend of the question chosen is hidden on exactly the rules of the headline's
(:mod:`app.services.results_trend`).
"""

from __future__ import annotations

from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition, localised
from app.services.results_labels import dimensions_for, headline_for
from app.services.results_queries import RESPONSE_COLUMNS

#: The field a bad choice is reported against, on the page and in the API.
FIELD = "trend"


def trend_choices(slug: str, definition: Definition) -> list[tuple[str, str]]:
    """(key, question text) of each question whose trend may be shown, in the survey's order."""
    groupings = set(dimensions_for(slug)) - set(RESPONSE_COLUMNS)
    return [
        (question["key"], localised(question.get("text"), "en"))
        for page, question in definition.questions()
        if not page.is_equality
        and question["type"] not in (TEXT_TYPE, MULTI_TYPE)
        and question.get("favourable")
        and question["key"] not in groupings
    ]


def default_trend(slug: str, definition: Definition) -> str | None:
    """The question the trend shows unless another is chosen: the headline's trend question."""
    headline = headline_for(slug, definition)
    return headline.trend if headline is not None else None


def problem(slug: str, definition: Definition, asked: str) -> str:
    """What is wrong with asking for the trend of ``asked``, in the words of the API."""
    keys = ", ".join(key for key, _ in trend_choices(slug, definition))
    return (
        f"trend must be a question with a favourable answer, one of: {keys}; {asked[:40]!r} is not"
    )


def trend_question(slug: str, definition: Definition, asked: str | None) -> str | None:
    """The key of the question whose trend to show: ``asked``, or the headline's when it is
    None. Raises :class:`app.services.results.ResultsError` (field ``trend``) for a key that is
    not one of :func:`trend_choices`."""
    default = default_trend(slug, definition)
    if asked is None or asked == default:
        return default
    if asked in dict(trend_choices(slug, definition)):
        return asked
    # Imported here: app.services.results loads the counts, which ask this module.
    from app.services.results import ResultsError

    raise ResultsError(FIELD, problem(slug, definition, asked))

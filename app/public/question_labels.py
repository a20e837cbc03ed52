"""A question's label on its page, with "(optional)" where it may be skipped.

The GOV.UK Design System does not mark the questions that must be answered, and marks those
that need not be with "(optional)" after the question. People giving feedback to the police are
often wary, or upset by what happened: told plainly that a question can be left, they need not
guess, or answer one they would rather not.

The marker is the service's own words, not the survey's: a survey's stored text (a published
version's, the results' and Check your answers' labels) never has it. It follows the question,
after any part of it marked as English on a Welsh page (:mod:`app.public.survey_language`), in
the page's language.

A survey whose own question already ends with the marker, in either language ("… (optional)",
written before the page added it; "(dewisol)"), is not marked again: the page never says
"(optional) (optional)". The builder's "Must it be answered?" says the page adds it, and the
builder does not let a question that must be answered end with it.

The equality questions are all optional, and the page that begins them already says so, twice,
in the words above them ("These questions are optional … You can skip any of them"): there they
are not marked a third time. Those words describe each question's fieldset as its hint would
(``aria-describedby``), so that someone moving into the options with a screen reader hears them
too. The pages after it, which a person may reach from Check your answers without seeing that
page again, mark each one.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.public import bp
from app.public.survey_language import survey_html
from app.services.definitions import Page, localised
from app.templating import current_language

#: The equality pages' first page, which shows why they are asked and that each may be skipped
#: (the definition's ``equality_intro``, public/question_page.html).
EQUALITY_FIRST_PAGE = "ethnic-group"

#: The marker in each of the service's languages, as "%(question)s (optional)" is translated,
#: lower case and without spaces: a question whose own text ends with either is not marked again.
MARKERS = ("(optional)", "(dewisol)")


def marker_at_end(text: str) -> str | None:
    """The marker ``text`` already ends with, "(optional)" or "(dewisol)", in any case and
    however spaced ("… ( Optional )"); None if it ends with neither."""
    squashed = "".join(text.split()).casefold()
    return next((marker for marker in MARKERS if squashed.endswith(marker)), None)


def shows_equality_intro(page: Page) -> bool:
    """Whether the page begins the equality questions with their introduction, which says the
    questions are optional, and describes each of them (``aria-describedby``)."""
    return page.is_equality and page.key == EQUALITY_FIRST_PAGE


def marked_optional(question: dict[str, Any], page: Page) -> bool:
    """Whether the question's label says "(optional)": a question that need not be answered,
    unless the page's introduction already says its questions need not be."""
    return not question.get("required") and not shows_equality_intro(page)


def question_label_html(question: dict[str, Any], page: Page) -> Markup:
    """The question as its legend or label shows it: its text in the page's language (marked
    as English where the survey has none in the page's), then " (optional)" in the page's
    language where it may be skipped (:func:`marked_optional`), unless the text as shown
    already ends with the marker (:func:`marker_at_end`)."""
    text = survey_html(question["text"])
    if not marked_optional(question, page):
        return text
    if marker_at_end(localised(question["text"], current_language())):
        return text
    # Translated with the question in place, so that a language may put its word where it goes.
    return escape(_("%(question)s (optional)")) % {"question": text}


bp.add_app_template_global(shows_equality_intro, "shows_equality_intro")
bp.add_app_template_global(question_label_html, "question_label_html")

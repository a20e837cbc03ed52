"""A question's label on its page, with "(optional)" where it may be skipped.

The GOV.UK Design System does not mark the questions that must be answered, and marks those
that need not be with "(optional)" after the question. People giving feedback to the police are
often wary, or upset by what happened: told plainly that a question can be left, they need not
guess, or answer one they would rather not.

The marker is the service's own words, not the survey's: a survey's stored text (a published
version's, the results' and Check your answers' labels) never has it. It follows the question,
after any part of it marked as English on a Welsh page (:mod:`app.public.survey_language`), in
the page's language.

The equality questions are all optional, and the page that begins them already says so, twice,
in the words above them ("These questions are optional … You can skip any of them"): there they
are not marked a third time. The pages after it, which a person may reach from Check your
answers without seeing that page again, mark each one.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.public import bp
from app.public.survey_language import survey_html
from app.services.definitions import Page

#: The equality pages' first page, which shows why they are asked and that each may be skipped
#: (the definition's ``equality_intro``, public/question_page.html).
EQUALITY_FIRST_PAGE = "ethnic-group"


def shows_equality_intro(page: Page) -> bool:
    """Whether the page begins the equality questions with their introduction, which says the
    questions are optional."""
    return page.is_equality and page.key == EQUALITY_FIRST_PAGE


def marked_optional(question: dict[str, Any], page: Page) -> bool:
    """Whether the question's label says "(optional)": a question that need not be answered,
    unless the page's introduction already says its questions need not be."""
    return not question.get("required") and not shows_equality_intro(page)


def question_label_html(question: dict[str, Any], page: Page) -> Markup:
    """The question as its legend or label shows it: its text in the page's language (marked
    as English where the survey has none in the page's), then " (optional)" in the page's
    language where it may be skipped (:func:`marked_optional`)."""
    text = survey_html(question["text"])
    if not marked_optional(question, page):
        return text
    # Translated with the question in place, so that a language may put its word where it goes.
    return escape(_("%(question)s (optional)")) % {"question": text}


bp.add_app_template_global(shows_equality_intro, "shows_equality_intro")
bp.add_app_template_global(question_label_html, "question_label_html")

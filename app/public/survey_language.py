"""Survey text in English on a page in Welsh, marked as English (WCAG 3.1.2, language of parts).

A survey made in the builder may leave any of its Welsh out; a Welsh page then shows that text in
English (``localised``). Marked ``lang="en"``, a screen reader says it in English, rather than
reading English words with Welsh sounds. Text in the page's own language is left unmarked.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.public import bp
from app.services.definitions import localised
from app.templating import current_language


def survey_lang(text: dict[str, Any] | None) -> str | None:
    """ "en" where a survey's ``text`` is shown in English on a page in another language because
    the survey has none in that language; otherwise None (its own language, or nothing shown)."""
    language = current_language()
    if language == "en" or not text or text.get(language) or not text.get("en"):
        return None
    return "en"


def survey_html(text: dict[str, Any] | None) -> Markup:
    """A survey's ``text`` in the page's language, escaped; in English, marked as English."""
    shown = localised(text, current_language())
    if survey_lang(text):
        return Markup('<span lang="en">{}</span>').format(shown)
    return escape(shown)


def option_html(question: dict[str, Any], code: str, label: str) -> Markup:
    """An option's label as :func:`survey_html` gives it; ``label`` (as the form or page already
    has it) for an option the question does not list itself, such as "Prefer not to say"."""
    for option in question.get("options", []):
        if option["code"] == code:
            return survey_html(option["label"])
    return escape(label)


def described_html(question: dict[str, Any], description: str) -> Markup:
    """A question's hint as its field describes it (the question's own hint first, then any the
    service adds, such as not to include names), the question's part marked as English where it
    is shown in English."""
    hint = localised(question.get("hint"), "en")
    if not survey_lang(question.get("hint")) or not description.startswith(hint):
        return escape(description)
    return Markup('<span lang="en">{}</span>{}').format(hint, description[len(hint) :])


bp.add_app_template_global(survey_lang, "survey_lang")
bp.add_app_template_filter(survey_html, "survey_html")
bp.add_app_template_global(option_html, "option_html")
bp.add_app_template_global(described_html, "described_html")

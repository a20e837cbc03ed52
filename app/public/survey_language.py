"""Survey text in English on a page in Welsh, marked as English (WCAG 3.1.2, language of parts).

A survey made in the builder may leave any of its Welsh out; a Welsh page then shows that text in
English (``localised``). Marked ``lang="en"``, a screen reader says it in English, rather than
reading English words with Welsh sounds. Text in the page's own language is left unmarked.

So too where the service's own words quote it: an error message naming a question ("Rhowch eich
ateb i “…”") is a :class:`MarkedText`, plain text where text is wanted, and as HTML the question
marked as English.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.public import bp
from app.services.definitions import localised
from app.templating import current_language


def english_only(text: dict[str, Any] | None, language: str) -> bool:
    """Whether a survey's ``text`` is shown in English on a page in ``language`` because the
    survey has none in that language (not when shown in its own language, or not at all)."""
    return language != "en" and bool(text) and not text.get(language) and bool(text.get("en"))


def survey_lang(text: dict[str, Any] | None) -> str | None:
    """ "en" where a survey's ``text`` is shown in English on a page in another language because
    the survey has none in that language; otherwise None (its own language, or nothing shown)."""
    return "en" if english_only(text, current_language()) else None


def _marked(text: dict[str, Any] | None, language: str) -> Markup:
    shown = localised(text, language)
    if english_only(text, language):
        return Markup('<span lang="en">{}</span>').format(shown)
    return escape(shown)


def survey_html(text: dict[str, Any] | None) -> Markup:
    """A survey's ``text`` in the page's language, escaped; in English, marked as English."""
    return _marked(text, current_language())


class MarkedText(str):
    """Words of the service's that quote a survey's, such as the error message "Rhowch eich
    ateb i “How did you report it?”". As a str it is the text as it reads (for a log, or
    anything else that is not HTML); as HTML (``__html__``, which Jinja's escaping and Markup
    use, so a template's ``{{ message }}`` and a GOV.UK macro's ``text`` give it) it is escaped,
    with the survey's text marked as English where it is shown in English on a page in another
    language. Anything made from it as a str (``str()``, ``+``, ``%``) is plain text."""

    html: Markup

    def __new__(cls, text: str, html: Markup | None = None) -> MarkedText:
        marked = super().__new__(cls, text)
        marked.html = escape(text) if html is None else html
        return marked

    def __html__(self) -> Markup:
        return self.html


def survey_message(text: dict[str, Any] | None, language: str) -> MarkedText:
    """A survey's own message (such as a built-in survey's for a question left unanswered) in
    ``language``: marked as English, whole, where it is shown in English."""
    return MarkedText(localised(text, language), _marked(text, language))


def quoting_question(
    message: str, text: dict[str, Any] | None, language: str, **values: Any
) -> MarkedText:
    """``message``, translated but not yet filled in ("Rhowch eich ateb i “%(question)s”"),
    naming as its ``question`` the survey's ``text`` in ``language``, with any other
    ``values``: as HTML, the question marked as English where it is shown in English, and
    the rest, the message's own words, escaped."""
    return MarkedText(
        message % {**values, "question": localised(text, language)},
        escape(message) % {**values, "question": _marked(text, language)},
    )


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

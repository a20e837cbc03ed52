"""The required answers missing from a check-your-answers page: the respondent's
(:mod:`app.public.views`) and a draft's under test (:mod:`app.builder.answering`) alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from app.public.survey_language import MarkedText, quoting_question, survey_message
from app.services.definitions import MULTI_TYPE, TEXT_TYPE, Definition, localised
from app.templating import current_language


def required_message(question: dict[str, Any], language: str) -> MarkedText:
    """What to do about a required question left unanswered, on its page and on Check your
    answers alike: its own message (the built-in surveys have one), or what kind of answer to
    give, naming the question, as a survey made with the builder has no message of its own.
    As HTML, survey text shown in English on a Welsh page is marked as English
    (:mod:`app.public.survey_language`)."""
    if localised(question.get("error_required"), language):
        return survey_message(question["error_required"], language)
    # Translated here, and filled in with the question by quoting_question.
    if question["type"] == TEXT_TYPE:
        message = _("Enter your answer to “%(question)s”")
    elif question["type"] == MULTI_TYPE:
        message = _("Select at least one answer to “%(question)s”")
    else:
        message = _("Select an answer to “%(question)s”")
    return quoting_question(message, question["text"], language)


def missing_answers(
    definition: Definition, answers: dict[str, Any], page_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Each required question these answers are shown and have not answered, in order: its
    key, its text (and the survey's texts of it, ``texts``, to tell whether it is shown in
    English on a Welsh page), what to do (as its page would say: :func:`required_message`) and
    where, ``page_url(page_key)`` being the address that answers a page and comes back. The
    message is a :class:`~app.public.survey_language.MarkedText`, which as HTML marks the
    question as English where it is shown in English."""
    language = current_language()
    missing = []
    for page in definition.missing_required(answers):
        for question in page.shown_questions(answers):
            if question["required"] and not answers.get(question["key"]):
                text = localised(question["text"], language)
                missing.append(
                    {
                        "key": question["key"],
                        "question": text,
                        "texts": question["text"],
                        "message": required_message(question, language),
                        "href": page_url(page.key),
                    }
                )
    return missing

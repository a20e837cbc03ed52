"""The required answers missing from a check-your-answers page: the respondent's
(:mod:`app.public.views`) and a draft's under test (:mod:`app.builder.answering`) alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from app.services.definitions import Definition, localised
from app.templating import current_language


def missing_answers(
    definition: Definition, answers: dict[str, Any], page_url: Callable[[str], str]
) -> list[dict[str, str]]:
    """Each required question these answers are shown and have not answered, in order: its
    key, its text, what to do (its own "required" message, as its page would say) and where,
    ``page_url(page_key)`` being the address that answers a page and comes back."""
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
                        "message": localised(question.get("error_required"), language)
                        or _("Answer the question “%(question)s”", question=text),
                        "href": page_url(page.key),
                    }
                )
    return missing

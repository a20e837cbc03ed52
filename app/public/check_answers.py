"""Where the GOV.UK "Check answers" pattern leads: the start page's button, a question page's
Back link, and the page after one answered with "Change". The respondent's journey
(:mod:`app.public.views`) and a draft's under test (:mod:`app.builder.answering`) alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request

from app.public.forms import offered
from app.services.definitions import Definition, Page


@dataclass(frozen=True)
class Addresses:
    """One journey's addresses: ``page(page_key, **values)`` answers a page, ``check`` is
    Check your answers and ``start`` the start page."""

    page: Callable[..., str]
    check: str
    start: str


def changing() -> bool:
    """Whether this page was opened with "Change" from Check your answers (``?change=1``)."""
    return bool(request.args.get("change"))


def start_url(definition: Definition, answers: dict[str, Any] | None, to: Addresses) -> str:
    """Where the start page's button leads: a new respondent (no answers: None) to the first
    page; one coming back on from the first page with nothing answered, else to check them."""
    if answers is None:
        carry_on = definition.first_page()
    else:
        carry_on = definition.first_unanswered_page(definition.kept_answers(answers))
    return to.page(carry_on.key) if carry_on else to.check


def back_url(definition: Definition, page_key: str, answers: dict[str, Any], to: Addresses) -> str:
    """A question page's Back: to Check your answers when opened with "Change" from there,
    else to the page before (or the start page)."""
    if changing():
        return to.check
    previous = definition.previous_page(page_key, answers)
    return to.page(previous.key) if previous else to.start


def after_change_url(
    definition: Definition, page_key: str, before: dict, after: dict, to: Addresses
) -> str:
    """Where a page answered in change mode leads: to the first page that the change (or an
    earlier one on the way here, named by ``reveal`` in the address) has just shown a question
    on, still in change mode, carrying the rest; else back to check the answers. ``before`` and
    ``after`` are the kept answers either side of this page's. A page whose answer the change
    no longer offers (an ethnic background, once the ethnic group is changed) is asked again
    in the same way."""
    waiting = {key for key in request.args.getlist("reveal") if key != page_key}
    waiting |= {page.key for page in definition.revealed_pages(before, after)}
    waiting |= {page.key for page in _answers_withdrawn(definition, before, after)}
    waiting |= {page.key for page in _outside_chosen(definition, page_key, before, after)}
    pages = [page.key for page in definition.shown_pages(after) if page.key in waiting]
    if not pages:
        return to.check
    return to.page(pages[0], change=1, reveal=pages[1:])


def _answers_withdrawn(definition: Definition, before: dict, after: dict) -> list[Page]:
    """The pages shown ``after`` a change with an answer that their question offered
    ``before`` it and no longer does: those answers are no longer shown or stored."""
    return [
        page
        for page in definition.shown_pages(after)
        if any(
            key in after
            and not offered(question, after, after[key])
            and offered(question, before, before.get(key))
            for question in page.shown_questions(after)
            for key in [question["key"]]
        )
    ]


def _outside_chosen(definition: Definition, page_key: str, before: dict, after: dict) -> list[Page]:
    """The pages (other than the one just answered) shown ``after`` a change with a single
    choice that must be among those chosen in its ``within`` question and, kept ``before`` the
    change, no longer is: "Which one matters most?" once that one was unticked."""
    return [
        page
        for page in definition.shown_pages(after)
        if page.key != page_key
        and any(
            question.get("within")
            and before.get(question["key"]) not in (None, "")
            and question["key"] not in after
            for question in page.shown_questions(after)
        )
    ]

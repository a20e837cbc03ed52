"""Where a draft has no Welsh, as the draft's page and the publish confirmation say it: a
warning, not a problem, since a force may publish a survey in English only. Each place links
to the form where its Welsh is entered."""

from __future__ import annotations

from dataclasses import dataclass

from app.builder.common import problem_link
from app.builder.describe import problem_place
from app.services.definition_checks.welsh import NoWelsh, has_any_welsh, missing_welsh
from models import SurveyDraft


def _listed(parts: tuple[str, ...]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe(draft: SurveyDraft, place: NoWelsh) -> str:
    """One place in words, as in "Page “About you”, question “How old are you?”: no Welsh
    for the question and the options"."""
    where = problem_place(draft.source, place.page, place.question) or "Survey details"
    return f"{where}: no Welsh for {_listed(place.parts)}"


@dataclass(frozen=True)
class Welsh:
    """The draft's texts with no Welsh: ``places`` as (words, link), and ``none`` when nothing
    in it has Welsh at all (said once, rather than place by place)."""

    places: list[tuple[str, str]]
    none: bool
    details_link: str

    @classmethod
    def of(cls, draft: SurveyDraft) -> Welsh:
        found = missing_welsh(draft.source)
        places = [(describe(draft, p), problem_link(draft.slug, draft, p)) for p in found]
        details = NoWelsh(("the title",), "title_cy")
        return cls(
            places=places,
            none=bool(found) and not has_any_welsh(draft.source),
            details_link=problem_link(draft.slug, draft, details),
        )

    def __bool__(self) -> bool:
        return bool(self.places)

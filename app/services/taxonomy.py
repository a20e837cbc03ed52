"""A survey's theme taxonomy as analysts edit it: themes, their descriptions and seed terms.

Every saved edit gives the taxonomy a new checksum, which is part of the version stored with
each theme assignment, so the next `flask analysis run` re-assigns the survey's themes. A
trained theme model only knows the themes it was fitted on, so an edit also sets it aside
until the analysts train again; until then the edited seeds are used.

A theme may also have a Welsh name (``name_cy``), which Welsh readers of the public "You said,
we did" pages see as its heading. The starting themes have theirs in analysis/taxonomies; an
analyst may give their own themes one. It is not part of the checksum: changing only a Welsh
name re-assigns nothing and keeps the trained theme model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from analysis.seeds import ThemeDefinition
from app.services import audit, scoring
from app.services.transaction import transactional
from models import (
    Action,
    AnalysisModel,
    CodedAnswer,
    Survey,
    ThemeTaxonomy,
    db,
    utcnow,
)

MAX_NAME = 100  # text_answer_themes.theme and actions.theme are 100 characters
MAX_DESCRIPTION = 500
MAX_SEED = 100
MAX_SEEDS = 200
MAX_THEMES = 40


class TaxonomyError(ValueError):
    """A theme could not be saved; the message says why, for the analyst.

    ``field`` names the form field the message belongs to ("name", "description", "seeds").
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Theme:
    """One theme as the editor shows it; ``key`` is a stable, URL-safe id for its name.

    ``name_cy`` is its Welsh name, or None: Welsh readers then see the English name.
    """

    key: str
    name: str
    description: str
    seeds: tuple[str, ...]
    name_cy: str | None = None


def theme_key(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def taxonomy_of(survey: Survey) -> ThemeTaxonomy:
    """The survey's taxonomy, made from its starting one if it has none yet."""
    found = db.session.scalar(select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey.id))
    if found is None:
        scoring.ensure_taxonomies()
        db.session.commit()
        found = db.session.scalar(select(ThemeTaxonomy).where(ThemeTaxonomy.survey_id == survey.id))
    return found


def themes_of(survey: Survey) -> list[Theme]:
    """The survey's themes in the order analysts arranged them."""
    return [
        Theme(
            theme_key(name),
            name,
            str(body.get("description", "")),
            tuple(str(seed) for seed in body.get("seeds", [])),
            _welsh_name(body),
        )
        for name, body in taxonomy_of(survey).themes.items()
    ]


def _welsh_name(body: Mapping[str, Any]) -> str | None:
    name = body.get("name_cy")
    return name.strip() or None if isinstance(name, str) else None


def welsh_names(survey_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """``{survey id: {theme: Welsh name}}`` for the themes that have one.

    Read only: a survey without a taxonomy yet is left out (its starting taxonomy is made the
    first time analysts or the analysis need it, not by a public page).
    """
    ids = set(survey_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ThemeTaxonomy.survey_id, ThemeTaxonomy.themes).where(
            ThemeTaxonomy.survey_id.in_(ids)
        )
    )
    return {
        survey_id: {
            name: welsh
            for name, body in (themes or {}).items()
            if isinstance(body, Mapping) and (welsh := _welsh_name(body))
        }
        for survey_id, themes in rows
    }


def theme_names(survey: Survey) -> list[str]:
    return list(taxonomy_of(survey).themes)


def seeds_of(survey: Survey) -> dict[str, list[str]]:
    """``{theme: [seeds]}``, as :class:`analysis.themes.ThemeClassifier` takes it."""
    return {theme.name: list(theme.seeds) for theme in themes_of(survey)}


def find_theme(survey: Survey, key: str) -> Theme | None:
    return next((theme for theme in themes_of(survey) if theme.key == key), None)


def parse_seeds(text: str | None) -> tuple[str, ...]:
    """Seed terms from a text box, one a line: trimmed, blank lines and repeats dropped."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        seed = " ".join(line.split())
        if seed and seed.casefold() not in seen:
            seen[seed.casefold()] = seed
    return tuple(seen.values())


def _checked_welsh(name_cy: str | None, others: Sequence[str | None]) -> str | None:
    name_cy = " ".join((name_cy or "").split()) or None
    if name_cy is None:
        return None
    if len(name_cy) > MAX_NAME:
        raise TaxonomyError(f"Welsh name must be {MAX_NAME} characters or fewer", "name_cy")
    if name_cy.casefold() in {other.casefold() for other in others if other}:
        raise TaxonomyError(f"There is already a theme called {name_cy} in Welsh", "name_cy")
    return name_cy


def _checked(
    name: str, description: str, seeds: Sequence[str], others: Sequence[str]
) -> ThemeDefinition:
    name = " ".join((name or "").split())
    description = " ".join((description or "").split())
    if not name:
        raise TaxonomyError("Enter a name for the theme", "name")
    if len(name) > MAX_NAME:
        raise TaxonomyError(f"Theme name must be {MAX_NAME} characters or fewer", "name")
    if name.casefold() in {other.casefold() for other in others}:
        raise TaxonomyError(f"There is already a theme called {name}", "name")
    if not description:
        raise TaxonomyError("Enter a description of what belongs in the theme", "description")
    if len(description) > MAX_DESCRIPTION:
        raise TaxonomyError(
            f"Description must be {MAX_DESCRIPTION} characters or fewer", "description"
        )
    long = next((seed for seed in seeds if len(seed) > MAX_SEED), None)
    if long is not None:
        raise TaxonomyError(
            f"Each seed term must be {MAX_SEED} characters or fewer: {long[:40]}…", "seeds"
        )
    if len(seeds) > MAX_SEEDS:
        raise TaxonomyError(f"A theme can have at most {MAX_SEEDS} seed terms", "seeds")
    return ThemeDefinition(name, description, tuple(seeds))


@dataclass(frozen=True)
class TaxonomyChange:
    """What saving an edit did, so the page can say what happens next."""

    changed: bool
    theme_model_set_aside: bool
    checksum: str
    #: False when only Welsh names changed: the answers' themes stay as they are.
    reassigns: bool = True


def add_theme(
    survey: Survey,
    name: str,
    description: str,
    seeds: Sequence[str],
    name_cy: str | None = None,
) -> TaxonomyChange:
    """Add a theme at the end of the survey's taxonomy, with its Welsh name if given."""
    current = themes_of(survey)
    if len(current) >= MAX_THEMES:
        raise TaxonomyError(f"A survey can have at most {MAX_THEMES} themes", "name")
    theme = _checked(name, description, seeds, [t.name for t in current])
    welsh = {t.name: t.name_cy for t in current}
    welsh[theme.name] = _checked_welsh(name_cy, list(welsh.values()))
    themes = [ThemeDefinition(t.name, t.description, t.seeds) for t in current] + [theme]
    return _save(survey, themes, welsh, renamed=None, action="taxonomy.add", target=theme.name)


def update_theme(
    survey: Survey,
    key: str,
    name: str,
    description: str,
    seeds: Sequence[str],
    name_cy: str | None,
) -> TaxonomyChange:
    """Change a theme in place; a new name carries over to coded answers and actions.

    ``name_cy`` is its Welsh name; None or blank takes it away.
    """
    current = themes_of(survey)
    old = next((t for t in current if t.key == key), None)
    if old is None:
        raise TaxonomyError("That theme has been removed or renamed since you opened it")
    theme = _checked(name, description, seeds, [t.name for t in current if t.key != key])
    welsh = {t.name: t.name_cy for t in current if t.key != key}
    welsh[theme.name] = _checked_welsh(name_cy, list(welsh.values()))
    themes = [
        theme if t.key == key else ThemeDefinition(t.name, t.description, t.seeds) for t in current
    ]
    renamed = (old.name, theme.name) if old.name != theme.name else None
    return _save(
        survey, themes, welsh, renamed=renamed, action="taxonomy.change", target=theme.name
    )


def remove_theme(survey: Survey, key: str) -> TaxonomyChange:
    """Remove a theme. Coded answers keep the label (so re-adding it restores them); actions
    keep their text."""
    current = themes_of(survey)
    old = next((t for t in current if t.key == key), None)
    if old is None:
        raise TaxonomyError("That theme has already been removed")
    if len(current) == 1:
        raise TaxonomyError("A survey needs at least one theme")
    themes = [ThemeDefinition(t.name, t.description, t.seeds) for t in current if t.key != key]
    welsh = {t.name: t.name_cy for t in current if t.key != key}
    return _save(survey, themes, welsh, renamed=None, action="taxonomy.remove", target=old.name)


def as_json(
    themes: Sequence[ThemeDefinition], welsh: Mapping[str, str | None] | None = None
) -> dict[str, Any]:
    """The taxonomy as stored: ``{name: {"description", "seeds"}}``, and ``"name_cy"`` for a
    theme with a Welsh name in ``welsh`` (by English name)."""
    data: dict[str, Any] = {}
    for t in themes:
        body: dict[str, Any] = {"description": t.description, "seeds": list(t.seeds)}
        if welsh and welsh.get(t.name):
            body["name_cy"] = welsh[t.name]
        data[t.name] = body
    return data


@transactional
def _save(
    survey: Survey,
    themes: Sequence[ThemeDefinition],
    welsh: Mapping[str, str | None],
    *,
    renamed: tuple[str, str] | None,
    action: str,
    target: str,
) -> TaxonomyChange:
    taxonomy = taxonomy_of(survey)
    data = as_json(themes, welsh)
    checksum = scoring.taxonomy_checksum(data)
    if checksum == taxonomy.checksum:
        if data == taxonomy.themes:
            return TaxonomyChange(changed=False, theme_model_set_aside=False, checksum=checksum)
        # Only Welsh names changed: nothing to re-assign, and the theme model still fits.
        taxonomy.themes = data
        taxonomy.updated_at = utcnow()
        audit.add(action, target, {"survey": survey.slug, "what": "Welsh name only"})
        return TaxonomyChange(
            changed=True, theme_model_set_aside=False, checksum=checksum, reassigns=False
        )
    taxonomy.themes = data
    taxonomy.checksum = checksum
    taxonomy.updated_at = utcnow()
    if renamed is not None:
        _rename_labels(survey, *renamed)
    set_aside = db.session.execute(
        update(AnalysisModel)
        .where(
            AnalysisModel.survey_id == survey.id,
            AnalysisModel.kind == "themes",
            AnalysisModel.active.is_(True),
        )
        .values(active=False)
    ).rowcount
    detail: dict[str, Any] = {"survey": survey.slug, "checksum": checksum[:16]}
    if renamed is not None:
        detail["renamed_from"] = renamed[0]
    audit.add(action, target, detail)
    return TaxonomyChange(changed=True, theme_model_set_aside=bool(set_aside), checksum=checksum)


def _rename_labels(survey: Survey, old: str, new: str) -> None:
    # Coded answers are a few thousand at most: their JSON labels are rewritten in Python.
    coded = db.session.scalars(select(CodedAnswer).where(CodedAnswer.survey_id == survey.id))
    for answer in coded:
        if old in (answer.themes or []):
            answer.themes = [new if theme == old else theme for theme in answer.themes]
    db.session.execute(
        update(Action).where(Action.survey_id == survey.id, Action.theme == old).values(theme=new)
    )

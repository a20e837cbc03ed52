"""Saving a draft checks, in the transaction that writes it, that the draft is still the one
its editor saw: the stamp of what they saw (a hash of the definition, whatever its keys' order)
is compared with the draft read afresh and locked, and the write itself is conditional, so two
saves at the same moment cannot both pass (:mod:`app.services.draft_versions`). The pages built
on it are tested in ``test_builder_two_editors.py``."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from app.services import builder, draft_versions
from app.services.draft_versions import DraftChanged
from models import SurveyDraft, db


def test_a_write_is_refused_if_the_draft_changed_after_it_was_read():
    """Two saves at once: one reads the draft, the other changes it before the first writes.
    The first must not write (on SQLite, where the lock does nothing, the write itself checks),
    and nothing is left half done."""
    builder.create({"slug": "race", "title": {"en": "Race"}})
    db.session.commit()
    seen = draft_versions.stamp(builder.get_draft("race").source)
    draft = builder.existing_draft("race", seen)
    other = {"slug": "race", "title": {"en": "Changed by the other save"}, "pages": []}
    db.session.execute(
        update(SurveyDraft)
        .where(SurveyDraft.slug == "race")
        .values(source=other, updated_at=draft_versions._after(draft.updated_at))
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(DraftChanged) as refusal:
        draft_versions.write_source(draft, {**draft.source, "title": {"en": "Mine"}})
    assert refusal.value.stamp == draft_versions.stamp(other)
    db.session.commit()
    assert draft_source_of("race")["title"]["en"] == "Changed by the other save"


def _draft_row_free(slug: str) -> bool:
    """Whether another connection could lock the draft's row now, without waiting."""
    with db.engine.connect() as other:
        try:
            other.execute(
                select(SurveyDraft.id).where(SurveyDraft.slug == slug).with_for_update(nowait=True)
            ).all()
        except OperationalError:
            return False
        finally:
            other.rollback()
    return True


@pytest.mark.postgresql_only
def test_a_second_save_waits_while_the_first_checks_and_writes():
    """On PostgreSQL the draft's row is locked from the check to the COMMIT, so a second save
    of the same draft cannot read it, pass the check and write in between."""
    builder.create({"slug": "race", "title": {"en": "Race"}})
    db.session.commit()
    assert _draft_row_free("race")
    seen = draft_versions.stamp(builder.get_draft("race").source)
    draft = builder.existing_draft("race", seen)
    assert not _draft_row_free("race")
    draft_versions.write_source(draft, {**draft.source, "title": {"en": "Mine"}})
    assert not _draft_row_free("race")
    db.session.commit()
    assert _draft_row_free("race")


def draft_source_of(slug: str) -> dict:
    db.session.expire_all()
    return builder.get_draft(slug).source


def test_the_stamp_is_the_content_not_its_order():
    stamp = draft_versions.stamp
    assert stamp({"a": 1, "b": [1, 2]}) == stamp({"b": [1, 2], "a": 1})
    assert stamp({"a": 1}) != stamp({"a": 2})

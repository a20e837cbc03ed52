"""Loading the built-in surveys: idempotent; an edited definition is a new version; a published
version never changes; a response keeps pointing at the version its respondent answered."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.services import definitions
from app.services import surveys as survey_service
from models import ImmutableVersionError, Response, Survey, SurveyVersion, db
from tests.factories import create_link
from tests.pages import Browser

NEW_TITLE = "How did the officer treat you today?"


def versions(slug: str) -> list[int]:
    db.session.expire_all()
    survey = db.session.scalars(select(Survey).where(Survey.slug == slug)).one()
    return [version.number for version in survey.versions]


@pytest.fixture
def edited_stop_search(tmp_path: Path, monkeypatch) -> Path:
    """A copy of data/surveys in which someone has reworded a stop-search page title."""
    folder = tmp_path / "surveys"
    shutil.copytree(definitions.SURVEYS_DIR, folder)
    path = folder / "stop-search.json"
    source = json.loads(path.read_text(encoding="utf-8"))
    page = next(p for p in source["pages"] if p["key"] == "how-you-were-treated")
    page["title"]["en"] = NEW_TITLE
    path.write_text(json.dumps(source, ensure_ascii=False, indent=1), encoding="utf-8")
    monkeypatch.setattr(definitions, "SURVEYS_DIR", folder)
    return folder


def test_sync_is_idempotent():
    # The autouse fixture has synced once already.
    before = {slug: versions(slug) for slug in definitions.BUILT_IN}
    assert before == {slug: [1] for slug in definitions.BUILT_IN}
    results = survey_service.sync_built_in()
    assert [(r.slug, r.version, r.changed) for r in results] == [
        (slug, 1, False) for slug in definitions.BUILT_IN
    ]
    assert db.session.scalar(select(func.count()).select_from(SurveyVersion)) == 3


def test_sync_command_is_idempotent(runner):
    first = runner.invoke(args=["surveys", "sync"])
    second = runner.invoke(args=["surveys", "sync"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert first.output == second.output
    assert "stop-search: version 1 (unchanged)" in second.output
    assert db.session.scalar(select(func.count()).select_from(SurveyVersion)) == 3


def test_a_changed_definition_publishes_a_new_version(edited_stop_search):
    results = {r.slug: r for r in survey_service.sync_built_in()}
    assert (results["stop-search"].version, results["stop-search"].changed) == (2, True)
    assert not results["say-to-stay"].changed and not results["listening-session"].changed
    assert versions("stop-search") == [1, 2]
    survey = db.session.scalars(select(Survey).where(Survey.slug == "stop-search")).one()
    old, new = survey.versions
    assert old.checksum != new.checksum
    titles = [p["title"]["en"] for p in new.definition["pages"]]
    assert NEW_TITLE in titles
    assert NEW_TITLE not in [p["title"]["en"] for p in old.definition["pages"]]

    again = {r.slug: r for r in survey_service.sync_built_in()}
    assert (again["stop-search"].version, again["stop-search"].changed) == (2, False)
    assert versions("stop-search") == [1, 2]


@contextmanager
def respondent(app: Flask) -> Iterator[Browser]:
    """A person with their own browser; their requests get their own `g`, as on a server."""
    with app.app_context():
        yield Browser(app.test_client())
        db.session.remove()


def answer_satisfaction(browser: Browser, token: str, value: str) -> str:
    """Answer the required question; returns the heading its page had."""
    page = browser.get(f"/r/{token}/how-you-were-treated")
    browser.post(data={"satisfaction": value})
    return page.h1


def send(browser: Browser, token: str) -> None:
    browser.get(f"/r/{token}/check")
    assert browser.post().h1 == "Thank you, your answers have been sent"


def test_responses_keep_the_version_their_respondent_answered(app, edited_stop_search):
    token = create_link(single_use=False).token
    with respondent(app) as before:
        assert answer_satisfaction(before, token, "satisfied") == "How you were treated"
        send(before, token)

    with respondent(app) as midway:
        answer_satisfaction(midway, token, "dissatisfied")
        survey_service.sync_built_in()  # the survey changes while they are answering
        assert versions("stop-search") == [1, 2]
        assert answer_satisfaction(midway, token, "dissatisfied") == "How you were treated"
        send(midway, token)

    with respondent(app) as after:
        assert answer_satisfaction(after, token, "neither") == NEW_TITLE
        send(after, token)

    db.session.rollback()
    answered = {
        response.answers[0].value: response.survey_version.number
        for response in db.session.scalars(select(Response))
    }
    assert answered == {"satisfied": 1, "dissatisfied": 1, "neither": 2}


@pytest.mark.parametrize(
    "change",
    [
        lambda v: setattr(v, "definition", {**v.definition, "title": {"en": "Changed"}}),
        lambda v: setattr(v, "checksum", "0" * 64),
        lambda v: setattr(v, "number", 99),
    ],
    ids=["definition", "checksum", "number"],
)
def test_a_published_version_cannot_be_changed(change):
    version = db.session.scalars(select(SurveyVersion)).first()
    original = (version.id, version.number, version.checksum, version.definition)
    change(version)
    with pytest.raises(ImmutableVersionError):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    again = db.session.get(SurveyVersion, original[0])
    assert (again.id, again.number, again.checksum, again.definition) == original

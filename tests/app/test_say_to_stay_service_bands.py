"""Say to Stay's "How long have you served?": each length of service fits one band only, in
English and in Welsh (the bands once read "2 to 5 years", "5 to 10 years", so that five years
fitted two). The codes and boundaries are the spec's (SURVEYS.md); a copy already running the
old wording publishes the new as a new version, keeping every response, and its results read
the new labels."""

from __future__ import annotations

import copy
import math
import re

import pytest
from sqlalchemy import func, select

from app.services import surveys as survey_service
from app.services.definitions import load_built_in
from models import Response, Survey, SurveyVersion, db
from tests.results_data import add_responses, group

SLUG = "say-to-stay"
QUESTION = "How long have you served?"
CODES = ["under_2", "2_to_5", "5_to_10", "10_to_20", "over_20"]
OLD_LABELS = {"2_to_5": "2 to 5 years", "5_to_10": "5 to 10 years"}
OLD_LABELS |= {"10_to_20": "10 to 20 years", "over_20": "Over 20 years"}
NEW_LABELS = ["Under 2 years", "2 years to under 5", "5 years to under 10"]
NEW_LABELS += ["10 years to under 20", "20 years or more"]

#: What each wording of a band says, as [from, to) in years: "under", "to under", "or more".
#: Any other wording (such as the old "2 to 5 years") fails the test.
_YEARS = r"(\d+) (?:years?|mlynedd|flynedd)"
BOUNDS = {
    "en": [
        (rf"^Under {_YEARS}$", lambda b: (0, int(b[0]))),
        (rf"^{_YEARS} to under (\d+)$", lambda b: (int(b[0]), int(b[1]))),
        (rf"^{_YEARS} or more$", lambda b: (int(b[0]), math.inf)),
    ],
    "cy": [
        (rf"^Llai na {_YEARS}$", lambda b: (0, int(b[0]))),
        (rf"^{_YEARS} i lai na (\d+)$", lambda b: (int(b[0]), int(b[1]))),
        (rf"^{_YEARS} neu fwy$", lambda b: (int(b[0]), math.inf)),
    ],
}


def _service_band(definition: dict) -> dict:
    return next(
        question
        for page in definition["pages"]
        for question in page["questions"]
        if question["key"] == "service_band"
    )


def _bounds(label: str, language: str) -> tuple[float, float]:
    for pattern, bounds in BOUNDS[language]:
        found = re.match(pattern, label)
        if found:
            return bounds(found.groups())
    raise AssertionError(f"{label!r} does not say which years it covers")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_length_of_service_fits_exactly_one_band(language: str):
    options = _service_band(load_built_in(SLUG))["options"]
    assert [option["code"] for option in options] == CODES
    bands = [_bounds(option["label"][language], language) for option in options]
    # The spec's boundaries: under 2, then from 2, 5, 10 and 20 years.
    assert [start for start, _ in bands] == [0, 2, 5, 10, 20]
    for years in range(0, 61):
        fitting = [n for n, (start, end) in enumerate(bands) if start <= years < end]
        assert len(fitting) == 1, f"{years} years fits bands {fitting} in {language}"


def _old_definition() -> dict:
    definition = copy.deepcopy(load_built_in(SLUG))
    for option in _service_band(definition)["options"]:
        if option["code"] in OLD_LABELS:
            option["label"]["en"] = OLD_LABELS[option["code"]]
    return definition


def test_sync_publishes_the_new_wording_keeping_every_response(runner, browser, analyst):
    # A copy running the old wording, with responses to it.
    old = survey_service.publish_version(SLUG, _old_definition())
    db.session.commit()
    answers = {"role": "police_officer", "stage": "thinking"}
    made = []
    for code, n in zip(CODES, (12, 10, 15, 11, 14), strict=True):
        made += group(n, "white", answers={**answers, "service_band": code})
    add_responses(made, slug=SLUG)

    result = runner.invoke(args=["surveys", "sync"])
    assert result.exit_code == 0, result.output
    assert f"{SLUG}: version {old.version + 1}" in result.output
    survey = db.session.scalar(select(Survey).where(Survey.slug == SLUG))
    db.session.refresh(survey)
    assert survey.current_version.number == old.version + 1
    labels = [o["label"]["en"] for o in _service_band(survey.current_version.definition)["options"]]
    assert labels == NEW_LABELS
    # Every response is still there, on the version its respondent answered.
    on_old = (
        select(func.count())
        .select_from(Response)
        .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
        .where(SurveyVersion.number == old.version)
    )
    assert db.session.scalar(on_old) == 62

    # The results read the bands in the new words, with every response counted in them.
    page = browser.get(f"/results/{SLUG}")
    table = page.soup.select_one("#table-service_band")
    headers = [" ".join(th.get_text().split()) for th in table.select("thead th")]
    assert [h for h in headers if h in NEW_LABELS] == NEW_LABELS
    assert not set(headers) & set(OLD_LABELS.values())
    assert page.table(QUESTION)["White"][0] == "62"

"""The overview's headline "of n who answered", for a question where one person may tick
several answers: n is the people who answered, not their ticks added up, and every share is of
those people. A survey of one's own had such a headline if a question that allows several
answers was given favourable answers, which the import allowed before it was refused (the
version published then stays); a headline that lists reasons would, were its question one of
several answers."""

from __future__ import annotations

import copy
import json

import pytest

from app.services import builder, builder_publish, surveys
from app.services.results_labels import HEADLINES, Headline
from app.services.surveys import get_survey
from models import db, today
from tests.app.test_results_overview_links import _summary
from tests.results_data import add_responses, group

SLUG = "wellbeing-check"
HELPED = "What helped you at work? Tick all that apply."
SOURCE = {
    "slug": SLUG,
    "title": {"en": "Wellbeing check"},
    "intro": {"en": ["A short survey about support at work."]},
    "pages": [
        {
            "key": "support",
            "title": {"en": "Support"},
            "questions": [
                {
                    "key": "helped",
                    "type": "multi_choice",
                    "text": {"en": HELPED},
                    "options": [
                        {"code": "manager", "label": {"en": "My manager"}},
                        {"code": "team", "label": {"en": "My team"}},
                        {"code": "nothing", "label": {"en": "Nothing"}},
                    ],
                    "favourable": ["manager", "team"],
                }
            ],
        }
    ],
}


def _this_month() -> str:
    return today().strftime("%Y-%m")


@pytest.fixture
def wellbeing_check(app) -> None:
    """The survey above, published before the import refused favourable answers on a question
    that allows several: imported and published without them, then its version of that time,
    with them, published after it."""
    question = SOURCE["pages"][0]["questions"][0]
    without = {key: value for key, value in question.items() if key != "favourable"}
    builder.import_source(
        json.dumps({**SOURCE, "pages": [{**SOURCE["pages"][0], "questions": [without]}]})
    )
    builder_publish.publish(SLUG)
    published = copy.deepcopy(get_survey(SLUG).current_version.definition)
    published["pages"][0]["questions"][0]["favourable"] = question["favourable"]
    surveys.publish_version(SLUG, published)
    db.session.commit()


def test_a_share_of_people_who_ticked_several_answers_is_of_the_people(
    browser, analyst, wellbeing_check
):
    # 12 people were helped by both their manager and their team, 8 by nothing: 20 people,
    # 12 of them (60%) helped, though 32 boxes were ticked, 24 of them favourable (75%).
    add_responses(group(12, "white", answers={"helped": ["manager", "team"]}), slug=SLUG)
    add_responses(group(8, "black", answers={"helped": ["nothing"]}), slug=SLUG)
    shown = _summary(browser, SLUG)
    assert shown[HELPED] == "60% of 20 who answered"


def test_people_in_a_month_not_yet_counted_are_not_in_n(browser, analyst, wellbeing_check):
    add_responses(group(12, "white", answers={"helped": ["manager", "team"]}), slug=SLUG)
    add_responses(group(8, "black", answers={"helped": ["nothing"]}), slug=SLUG)
    # Three this month, below k: their month is left out, so they are in no figure.
    add_responses(
        group(3, "white", month=_this_month(), answers={"helped": ["manager", "nothing"]}),
        slug=SLUG,
    )
    assert _summary(browser, SLUG)[HELPED] == "60% of 20 who answered"


def test_reasons_where_several_may_be_given_are_shares_of_the_people(browser, analyst, monkeypatch):
    # Say to Stay's headline lists the main reason, one each; were it the reasons, of which
    # each person may give several, each share is of the people who gave any.
    monkeypatch.setitem(
        HEADLINES,
        "say-to-stay",
        Headline("reasons", "Reasons for thinking of leaving", "gave it", "reasons", "valued"),
    )
    add_responses(group(20, "white", answers={"reasons": ["workload", "pay"]}), "say-to-stay")
    add_responses(group(20, "black", answers={"reasons": ["workload"]}), "say-to-stay")
    assert _summary(browser, "say-to-stay")["Reasons for thinking of leaving"] == (
        "Workload and demand (100%), Pay and reward (50%) of 40 who answered"
    )

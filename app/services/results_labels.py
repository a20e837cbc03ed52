"""Words for the results: dimension and group labels, each survey's headline, and the phrases
that turn a comparison into a sentence ("… were less likely to say they were treated with
respect: 48% vs 71%"). Ethnicity labels come from :mod:`app.services.equality`, the one place
that knows them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.services import equality
from app.services.definitions import Definition, localised

# Month names and axes, also found here, where the results have always looked for them.
from app.services.periods import every_month as every_month
from app.services.periods import month_label as month_label
from app.services.results_queries import ROLE_QUESTION
from models import NOT_STATED, Area

DIMENSION_LABELS = {
    "ethnic_group": "Ethnic group",
    "ethnicity": "Ethnic group (detailed)",
    "age_band": "Age",
    "sex": "Sex",
    "disability": "Disability",
    "religion": "Religion",
    "area": "Area",
    "month": "Month",
    ROLE_QUESTION: "Role",
}
#: Say to Stay is the only built-in survey that asks for a role.
ROLE_SURVEYS = frozenset({"say-to-stay"})
DEFAULT_DIMENSION = "ethnic_group"
DEFAULT_REFERENCES = {"ethnic_group": "white", "ethnicity": "white_british"}
DISABILITY_LABELS = {
    "disabled_a_lot": "Disabled: day-to-day activities limited a lot",
    "disabled_a_little": "Disabled: day-to-day activities limited a little",
    "not_disabled": "Not disabled",
}
NOT_STATED_LABELS = {"area": "No area recorded"}
# Where "<label> respondents" does not read well.
NOUNS = {
    ("ethnic_group", "mixed"): "Respondents from Mixed or Multiple ethnic groups",
    ("ethnic_group", "other"): "Respondents from other ethnic groups",
}


@dataclass(frozen=True)
class Headline:
    """A survey's headline: the share answering favourably to ``question``, or, for a survey
    whose headline is a list of reasons, the most chosen options of ``question``.

    ``label`` names it ("Satisfied with how they were treated"); ``measure`` follows a
    percentage ("54% satisfied with how they were treated", "61% felt listened to").
    """

    question: str
    label: str
    measure: str
    kind: str = "share"  # or "reasons"
    trend_question: str | None = None  # defaults to ``question``

    @property
    def trend(self) -> str:
        return self.trend_question or self.question


HEADLINES = {
    "stop-search": Headline(
        "satisfaction",
        "Satisfied with how they were treated",
        "satisfied with how they were treated",
    ),
    "listening-session": Headline("listened_to", "Felt listened to", "felt listened to"),
    "say-to-stay": Headline(
        "main_reason",
        "Main reasons for thinking of leaving",
        "gave it as their main reason",
        "reasons",
        "valued",
    ),
}

# "<group> respondents were less likely to <phrase>".
PHRASES = {
    "told_grounds": "say they were told why they were searched",
    "told_object": "say they were told what the officer was looking for",
    "officer_identified": "say the officer gave their name or number and station",
    "told_record": "say they were told how to get a copy of the search record",
    "bwv_on": "say the officer's body-worn camera was switched on",
    "respect": "say they were treated with respect",
    "fair": "say the search was carried out fairly",
    "satisfaction": "be satisfied with how they were treated",
    "confidence_change": "say it made them more confident in the police",
    "listened_to": "say they felt listened to",
    "useful": "find the session useful",
    "trust_before": "trust the police before the session",
    "trust_after": "trust the police after the session",
    "attend_again": "say they would come to another session",
    "valued": "feel valued at work",
    "voice": "feel listened to when they raise concerns",
    "discrimination": "say they had not experienced discrimination, harassment or "
    "micro-aggressions at work",
}


def dimensions_for(slug: str) -> list[str]:
    """The groupings a survey's results can be broken down by."""
    dimensions = [d for d in DIMENSION_LABELS if d != ROLE_QUESTION]
    if slug in ROLE_SURVEYS:
        dimensions.append(ROLE_QUESTION)
    return dimensions


def headline_for(slug: str, definition: Definition) -> Headline | None:
    """The survey's headline; for a survey without one, its first question with a favourable
    answer."""
    if slug in HEADLINES:
        return HEADLINES[slug]
    for _, question in definition.questions():
        if question.get("favourable"):
            text = localised(question.get("text"), "en")
            return Headline(question["key"], text, "answered favourably")
    return None


def _option_labels(question: dict[str, Any] | None) -> dict[str, str]:
    if not question:
        return {}
    return {
        option["code"]: localised(option["label"], "en")
        for option in question.get("options", [])
        if option["code"] != equality.PREFER_NOT_TO_SAY
    }


def _equality_question(key: str) -> dict[str, Any] | None:
    for page in equality.equality_block()["pages"]:
        for question in page["questions"]:
            if question["key"] == key:
                return question
    return None


def known_groups(
    dimension: str, definition: Definition, areas: Iterable[Area] = ()
) -> dict[str, str]:
    """Group code -> label for a dimension, in the order a table lists them ("Not stated" last).

    Months are not listed here: they are whatever months have responses.
    """
    if dimension == "ethnic_group":
        labels = {g: label for g, label in equality.group_labels().items() if g != NOT_STATED}
    elif dimension == "ethnicity":
        labels = {
            e.code: f"{e.group_label}: {e.label}"
            for e in equality.ethnicities()
            if e.group in equality.ETHNIC_GROUPS
        }
    elif dimension == "disability":
        labels = dict(DISABILITY_LABELS)
    elif dimension == "area":
        labels = {area.code: area.name for area in areas}
    elif dimension == ROLE_QUESTION:
        labels = _option_labels(definition.question(ROLE_QUESTION))
    elif dimension == "month":
        labels = {}
    else:
        labels = _option_labels(_equality_question(dimension))
    labels[NOT_STATED] = NOT_STATED_LABELS.get(dimension, "Not stated")
    return labels


def group_label(dimension: str, code: str, labels: dict[str, str]) -> str:
    """A group's label; months are spelt out and unknown codes shown as they are."""
    if dimension == "month" and code != NOT_STATED:
        return month_label(code)
    return labels.get(code, code)


def respondents_noun(dimension: str, code: str, label: str) -> str:
    """How a sentence names a group's respondents: "Black … respondents", "Respondents in the
    ethnic group “Asian or Asian British: Indian”", "Respondents aged 18 to 24", "Respondents
    in North District"."""
    if code == NOT_STATED:
        return f"Respondents whose {DIMENSION_LABELS[dimension].lower()} was not stated"
    if (dimension, code) in NOUNS:
        return NOUNS[(dimension, code)]
    if dimension == "ethnicity" and ": " in label:
        # A detailed group is named with its broad group ("Asian or Asian British: Indian"),
        # which "… respondents" would run into: "Asian or Asian British: Indian respondents".
        return f"Respondents in the ethnic group “{label}”"
    if dimension in ("ethnic_group", "ethnicity", "sex", ROLE_QUESTION):
        return f"{label} respondents"
    if dimension == "age_band":
        return f"Respondents aged {label[:1].lower()}{label[1:]}"
    if dimension in ("area", "month"):
        return f"Respondents in {label}"
    return f"Respondents in the group “{label}”"


def in_sentence(dimension: str, noun: str) -> str:
    """A :func:`respondents_noun` as it reads after the start of a sentence: "respondents aged
    18 to 24", "female respondents", "police officer respondents"; ethnic groups keep their
    capitals ("White respondents"), and so does a label in capitals ("PCSO respondents")."""
    if noun.startswith("Respondents"):
        return "r" + noun[1:]
    if dimension in ("sex", ROLE_QUESTION) and noun[1:2].islower():
        return noun[:1].lower() + noun[1:]
    return noun


def phrase_for(question: dict[str, Any]) -> str:
    """The verb phrase for a question's favourable answer."""
    if question["key"] in PHRASES:
        return PHRASES[question["key"]]
    return f"answer “{localised(question.get('text'), 'en')}” favourably"

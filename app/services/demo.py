"""Demo data: realistic synthetic responses to the built-in surveys, fast enough for millions.

Every respondent gets a true ethnic group and category (from :mod:`app.services.equality`, the
one place that knows the list), an age, a sex and so on, and a latent *experience* between 0
(it went badly) and 1 (it went well) whose mean depends on their group, age, area and date.
Each closed answer is drawn from a mix of a "went well" and a "went badly" distribution over
the options of the current published version, weighted by that experience, so the seeded data
holds disparities for the results pages to find (Black and Mixed respondents less often
satisfied, treated with respect or told the grounds; White the reference). Free text is composed
from fragments per survey and question, more negative where the experience was worse and often
about what went wrong in the closed answers (not told the grounds, handcuffed, camera off).

Option codes, required questions and conditional pages all come from the definition: the model
below only holds plausibility weights keyed by option code. A code it names that the definition
lacks is never drawn, and a question it does not know is answered uniformly, so a changed
survey still gets valid data. Equality answers become the response's columns through
:func:`app.services.equality.equality_columns`, exactly as a real submission does.

Speed: respondents are drawn with numpy a chunk at a time and written with one executemany per
table per chunk (COPY on PostgreSQL), with response ids reserved up front so that answers can
point at their response without a round trip. Each chunk is its own transaction.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.schema import AddConstraint, DropConstraint

from app.services import equality
from app.services.definitions import BUILT_IN, MULTI_TYPE, TEXT_TYPE, Definition
from app.services.links import create_links, new_token
from app.services.retention import months_before
from app.services.transaction import transactional
from models import (
    EQUALITY_COLUMNS,
    Answer,
    Area,
    Event,
    Link,
    LinkKind,
    QuestionNotShown,
    Response,
    Role,
    Survey,
    TextAnswer,
    User,
    db,
    today,
)

DEMO_AREAS: Mapping[str, str] = {
    "north": "North District",
    "south": "South District",
    "east": "East District",
    "west": "West District",
    "central": "City Centre",
}
MONTHS = 18
CHUNK_SIZE = 10_000
MAX_RESPONSES = 10_000_000
PREFER_NOT = equality.PREFER_NOT_TO_SAY


class DemoError(RuntimeError):
    """Demo data cannot be made (for example, the surveys are not loaded)."""


# --- The respondent model --------------------------------------------------------------------


@dataclass(frozen=True)
class Closed:
    """A single-choice question: option weights after a good and after a bad experience.

    ``shift`` moves the experience for this question only, by true ethnic group (for example,
    experience of discrimination at work differs by group more than feeling valued does).
    """

    good: Mapping[str, float]
    bad: Mapping[str, float] | None = None
    skip: float = 0.04
    shift: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Several:
    """A multiple-choice question: the chance of ticking each option, good and bad experience.

    ``extra`` adds to an option's chance by true ethnic group.
    """

    good: Mapping[str, float]
    bad: Mapping[str, float]
    skip: float = 0.04
    extra: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class MostImportant:
    """A single choice among the options ticked in ``source`` (same option list)."""

    source: str
    skip: float = 0.08


@dataclass(frozen=True)
class ShiftedFrom:
    """An "and now?" question on the same scale as ``source`` (options best first): one step
    better with chance ``better`` times the experience, one step worse with ``worse`` times
    its complement."""

    source: str
    better: float
    worse: float
    skip: float = 0.05


@dataclass(frozen=True)
class Trigger:
    """Text that a respondent whose answer to ``question`` is one of ``codes`` tends to write.

    A question's triggers are listed most salient first: the first that applies usually wins.
    """

    question: str
    codes: frozenset[str]
    texts: tuple[str, ...]
    tones: frozenset[str] = frozenset({"bad"})


@dataclass(frozen=True)
class FreeText:
    """A free-text question: how often people write, and fragments by tone."""

    write_good: float
    write_bad: float
    good: tuple[str, ...]
    neutral: tuple[str, ...]
    bad: tuple[str, ...]
    triggers: tuple[Trigger, ...] = ()


QuestionModel = Closed | Several | MostImportant | ShiftedFrom | FreeText


@dataclass(frozen=True)
class SurveyModel:
    share: float
    groups: Mapping[str, float]  # true ethnic group mix
    experience: Mapping[str, float]  # mean experience by true ethnic group
    areas: Mapping[str, float]
    not_stated: tuple[float, float]  # chance of skipping the ethnic group, of "prefer not to say"
    equality: Mapping[str, Mapping[str, float]]  # equality question -> option weights
    ages: Mapping[str, float] = field(default_factory=dict)  # age band -> experience shift
    questions: Mapping[str, QuestionModel] = field(default_factory=dict)


def _trigger(question: str, codes: str, *texts: str, tones: str = "bad") -> Trigger:
    return Trigger(question, frozenset(codes.split()), texts, frozenset(tones.split()))


def _w(spec: str) -> dict[str, float]:
    """Option weights written compactly: ``_w("yes .9 no .05 not_sure .05")``."""
    words = spec.split()
    return {code: float(weight) for code, weight in zip(words[::2], words[1::2], strict=True)}


PNTS = PREFER_NOT
AGREE_GOOD = _w("strongly_agree .45 agree .4 neither .1 disagree .03 strongly_disagree .02")
AGREE_BAD = _w("strongly_agree .03 agree .1 neither .2 disagree .33 strongly_disagree .34")
MINORITY_SHIFT = _w("black -.25 mixed -.2 asian -.2 other -.15")

# Within-group category mix, keyed by the ONS codes of data/ethnicity.csv.
ETHNICITY_WEIGHTS = _w(
    "white_british .8 white_irish .03 white_gypsy_traveller .015 white_roma .01 white_other .145 "
    "mixed_white_black_caribbean .4 mixed_white_black_african .15 mixed_white_asian .25 "
    "mixed_other .2 "
    "asian_indian .3 asian_pakistani .35 asian_bangladeshi .15 asian_chinese .07 asian_other .13 "
    "black_caribbean .4 black_african .5 black_other .1 "
    "other_arab .45 other_any .55"
)
RELIGION_BY_GROUP = {
    "white": _w(
        "no_religion .5 christian .42 buddhist .005 jewish .01 muslim .01 any_other .01 "
        f"{PNTS} .045"
    ),
    "mixed": _w(
        f"no_religion .45 christian .3 muslim .12 buddhist .01 hindu .01 any_other .03 {PNTS} .08"
    ),
    "asian": _w(
        "muslim .5 hindu .18 sikh .1 christian .05 no_religion .08 buddhist .03 any_other .01 "
        f"{PNTS} .05"
    ),
    "black": _w(f"christian .55 muslim .24 no_religion .12 any_other .02 {PNTS} .07"),
    "other": _w(f"muslim .45 christian .15 no_religion .2 jewish .03 any_other .1 {PNTS} .07"),
}
EQUALITY_DEFAULTS = {
    "long_term_condition": _w(f"yes .15 no .79 {PNTS} .06"),
    "activity_limited": _w(f"a_lot .3 a_little .45 not_at_all .2 {PNTS} .05"),
    "gender_identity": _w(f"yes .95 no .01 {PNTS} .04"),
    "sexual_orientation": _w(f"straight .87 gay_lesbian .03 bisexual .03 other .01 {PNTS} .06"),
}
EQUALITY_SKIP = 0.05
ETHNICITY_SKIP = 0.03  # stated a group, then skipped the category
AREA_EXPERIENCE = _w("east -.06 central -.03 north .02")
TREND = 0.06  # experience improves by this much across the 18 months
CONCENTRATION = 2.0  # of the Beta distribution of experience: low, so answers hang together
WELSH = 0.03
TEXT_NEUTRAL = 0.15
TEXT_FROM_ANSWERS = 0.8  # weight of the closed answers, against the experience, in free text
MOOD_STEEPNESS = 12.0
TRIGGERED = 0.6  # chance that a respondent with a trigger writes about it

STOP_SEARCH = SurveyModel(
    share=0.70,
    groups=_w("white .55 black .22 asian .14 mixed .06 other .03"),
    experience=_w("white .68 asian .6 other .58 mixed .5 black .45"),
    areas=_w("central .3 north .2 south .2 east .15 west .15"),
    not_stated=(0.07, 0.08),
    ages=_w("under_18 -.05 18_24 -.04 55_64 .04 65_plus .05"),
    equality={
        "age_band": _w(
            f"under_18 .15 18_24 .33 25_34 .25 35_44 .13 45_54 .07 55_64 .03 65_plus .01 {PNTS} .03"
        ),
        "sex": _w(f"male .88 female .1 {PNTS} .02"),
        "long_term_condition": _w(f"yes .12 no .82 {PNTS} .06"),
    },
    questions={
        "told_grounds": Closed(_w("yes .9 no .05 not_sure .05"), _w("yes .42 no .42 not_sure .16")),
        "told_object": Closed(_w("yes .88 no .06 not_sure .06"), _w("yes .45 no .4 not_sure .15")),
        "officer_identified": Closed(
            _w("yes .8 no .1 not_sure .1"), _w("yes .35 no .45 not_sure .2")
        ),
        "told_record": Closed(_w("yes .7 no .2 not_sure .1"), _w("yes .25 no .55 not_sure .2")),
        "bwv_on": Closed(_w("yes .85 no .05 not_sure .1"), _w("yes .55 no .15 not_sure .3")),
        "handcuffed": Closed(_w(f"yes .08 no .9 {PNTS} .02"), _w(f"yes .35 no .58 {PNTS} .07")),
        "told_why_handcuffed": Closed(
            _w("yes .8 no .1 not_sure .1"), _w("yes .3 no .5 not_sure .2"), skip=0.06
        ),
        "respect": Closed(AGREE_GOOD, AGREE_BAD),
        "fair": Closed(
            _w("strongly_agree .42 agree .4 neither .12 disagree .04 strongly_disagree .02"),
            _w("strongly_agree .02 agree .08 neither .2 disagree .32 strongly_disagree .38"),
        ),
        "satisfaction": Closed(
            _w(
                "very_satisfied .5 satisfied .38 neither .08 dissatisfied .03 very_dissatisfied .01"
            ),
            _w(
                "very_satisfied .02 satisfied .06 neither .17 dissatisfied .35 very_dissatisfied .4"
            ),
        ),
        "confidence_change": Closed(
            _w("more_confident .35 no_change .58 less_confident .07"),
            _w("more_confident .03 no_change .3 less_confident .67"),
        ),
        "scrutiny_interest": Closed(_w("yes .2 no .8"), _w("yes .35 no .65"), skip=0.15),
        "went_well": FreeText(
            write_good=0.45,
            write_bad=0.3,
            good=(
                "He explained why I was being searched",
                "She was polite and calm the whole time",
                "They were respectful and quick",
                "Told me what they were looking for straight away",
                "Did the search away from the crowd so I wasn't embarrassed",
                "Gave me the search record and his shoulder number",
                "Was professional and talked to me like a person",
                "Made sure my mum knew what was happening",
                "Listened to my side",
                "Stayed calm even though I was angry",
                "Explained my rights",
                "Was friendly and put me at ease",
                "Apologised for the inconvenience when nothing was found",
                "Kept it short",
                "Treated me fairly",
                "Was honest with me",
                "Polite and patient",
            ),
            neutral=(
                "Not much",
                "It was ok I suppose",
                "Nothing special",
                "They did their job",
                "He gave me the form at the end",
                "Fine",
                "Quick at least",
            ),
            bad=(
                "Nothing",
                "Nothing at all",
                "Nothing, it was a waste of my time",
                "Honestly nothing",
                "Nothing, they treated me like a criminal",
                "Not a thing",
                "Nothing, he didn't even say why",
            ),
            triggers=(
                _trigger(
                    "told_grounds",
                    "yes",
                    "He explained why I was being searched",
                    "Told me the grounds clearly",
                    "Explained the reason for the search before starting",
                    tones="good",
                ),
                _trigger(
                    "bwv_on",
                    "yes",
                    "Told me the body camera was on",
                    "Had his camera on so I felt safer",
                    tones="good",
                ),
                _trigger(
                    "told_record", "yes", "Told me how to get a copy of the record", tones="good"
                ),
                _trigger("officer_identified", "yes", "Gave me his name and station", tones="good"),
            ),
        ),
        "improve": FreeText(
            write_good=0.15,
            write_bad=0.75,
            good=(
                "Nothing, he was fine",
                "Nothing, they were professional",
                "Nothing really, it was fine",
                "Can't think of anything",
                "Nothing, she was great",
            ),
            neutral=(
                "Could have been a bit quicker",
                "Maybe explain the paperwork better",
                "Not sure",
                "Explain things a bit more for young people",
                "Tell me what happens next",
            ),
            bad=(
                "Explain why I was searched",
                "He was rude",
                "He was rude and would not tell me the grounds",
                "Don't search me in front of everyone on the high street",
                "Speak to young people with respect",
                "They were aggressive from the start",
                "I was embarrassed, my neighbours saw everything",
                "Call my parents, I'm only 15",
                "It took far too long for nothing",
                "Don't assume everyone in a hoodie is a criminal",
                "Be polite",
                "Listen instead of shouting",
                "Stop swearing at people",
                "Don't grab people for no reason",
                "Treat us like human beings",
                "Actually have a reason before you search someone",
                "Stop searching the same kids every week",
            ),
            triggers=(
                _trigger(
                    "told_grounds",
                    "no not_sure",
                    "Explain why I was searched",
                    "Tell me the grounds for the search",
                    "Tell people why you are searching them",
                    tones="bad neutral",
                ),
                _trigger(
                    "ethnic_group",
                    "black mixed",
                    "It felt like racial profiling",
                    "Stop searching young black men for nothing",
                    "I was searched because of my colour",
                ),
                _trigger("told_object", "no", "Tell me what you were looking for"),
                _trigger(
                    "handcuffed",
                    "yes",
                    "The handcuffs were not needed, I wasn't resisting",
                    "Don't handcuff someone who is cooperating",
                ),
                _trigger(
                    "bwv_on",
                    "no not_sure",
                    "Turn the body-worn camera on",
                    "Switch your camera on so there is a record",
                ),
                _trigger("officer_identified", "no", "Give your name and number when asked"),
                _trigger("told_record", "no", "Tell people how to get the search record"),
            ),
        ),
    },
)

LISTENING_SESSION = SurveyModel(
    share=0.15,
    groups=_w("white .6 asian .15 black .14 mixed .07 other .04"),
    experience=_w("white .7 asian .64 other .62 mixed .56 black .5"),
    areas={},  # the event's area
    not_stated=(0.07, 0.08),
    ages=_w("under_18 -.03 18_24 -.03"),
    equality={
        "age_band": _w(
            f"under_18 .08 18_24 .14 25_34 .18 35_44 .18 45_54 .16 55_64 .13 65_plus .1 {PNTS} .03"
        ),
        "sex": _w(f"female .52 male .45 {PNTS} .03"),
        "long_term_condition": _w(f"yes .22 no .72 {PNTS} .06"),
    },
    questions={
        "listened_to": Closed(
            AGREE_GOOD,
            _w("strongly_agree .05 agree .2 neither .3 disagree .25 strongly_disagree .2"),
        ),
        "useful": Closed(
            _w("very_useful .5 fairly_useful .4 not_very_useful .08 not_useful_at_all .02"),
            _w("very_useful .1 fairly_useful .35 not_very_useful .35 not_useful_at_all .2"),
        ),
        "trust_before": Closed(
            _w("a_lot .2 a_fair_amount .4 some .25 not_much .1 not_at_all .05"),
            _w("a_lot .03 a_fair_amount .12 some .3 not_much .3 not_at_all .25"),
        ),
        "trust_after": ShiftedFrom("trust_before", better=0.4, worse=0.15),
        "attend_again": Closed(_w("yes .8 no .05 not_sure .15"), _w("yes .35 no .35 not_sure .3")),
        "hear_back": Closed(_w("yes .6 no .4"), _w("yes .55 no .45"), skip=0.1),
        "top_issues": FreeText(
            write_good=0.65,
            write_bad=0.65,
            good=(
                "Things have improved since the new neighbourhood team started",
                "Youth work is helping but needs more funding",
                "Better than last year but drugs are still a problem",
                "The PCSOs are great, we just need more of them",
            ),
            neutral=(
                "Drugs being dealt openly near the park",
                "Knife crime and young people",
                "Nothing for the youth to do after school",
                "Antisocial behaviour on the estate",
                "Gangs recruiting kids outside school",
                "Burglaries on our street",
                "Speeding cars and noise at night",
                "Drug dealing and county lines",
                "Feeling unsafe walking home in the dark",
                "Scams targeting older people",
                "People drinking and fighting in the park",
                "Shoplifting in the town centre",
                "Domestic abuse that goes unreported",
                "Motorbikes on the footpaths",
            ),
            bad=(
                "Never see police on the street",
                "Racism from some officers",
                "Response times when you call 101",
                "Nobody reports crime because nothing happens",
                "Victims not being kept updated",
                "The police don't look like our community",
                "Young people don't trust the police at all",
                "Police only turn up when there's trouble, never to talk",
                "Hate crime is not taken seriously",
                "Drugs everywhere and nobody does anything",
            ),
            triggers=(
                _trigger(
                    "ethnic_group",
                    "black mixed",
                    "Stop and search of black boys",
                    "Racism and being treated as suspects",
                    "Our young men get stopped all the time",
                    tones="bad neutral",
                ),
                _trigger(
                    "ethnic_group",
                    "asian other",
                    "Hate crime against Muslims",
                    "Racist abuse in the street that nobody deals with",
                    tones="bad neutral",
                ),
            ),
        ),
        "do_differently": FreeText(
            write_good=0.45,
            write_bad=0.6,
            good=(
                "Keep holding sessions like this",
                "More of the same, this was good",
                "Keep the same officers so we get to know them",
                "Keep coming to the community centre",
            ),
            neutral=(
                "Be visible on foot, not just in cars",
                "Work with schools and youth clubs",
                "Recruit more officers from our community",
                "Answer 101 calls faster",
                "Keep victims informed",
                "Put more officers on patrol at night",
                "Use social media to tell us what is happening",
                "Come to the mosque and the churches, not just the town hall",
            ),
            bad=(
                "Come back and tell us what you actually did",
                "Take racism seriously",
                "Listen and act, not just listen",
                "Stop treating our kids as criminals",
                "Explain stop and search and stop abusing it",
                "Stop making promises you don't keep",
                "Actually turn up when we call",
            ),
        ),
    },
)

# What would make someone stay, by the reason that matters most to them.
STAY_FACTORS = {
    "pay": (
        "Better pay that keeps up with the cost of living",
        "A pay rise that reflects the risk we take",
        "Being paid properly for overtime",
    ),
    "pension": ("Restoring the pension we signed up for", "A fair pension"),
    "workload": (
        "Less workload, we are always short staffed",
        "Enough staff on each shift to do the job safely",
        "Realistic caseloads",
    ),
    "leadership": (
        "Better managers who support their teams",
        "A sergeant who backs us up",
        "Leaders who know what the job is like now",
    ),
    "culture": (
        "Action on racism and sexism in the team",
        "Being able to challenge banter without being labelled",
        "A culture where I belong",
    ),
    "progression": (
        "A fair promotion process",
        "A real chance of promotion",
        "Development that isn't based on who you know",
    ),
    "training": (
        "Training that is actually useful",
        "Time to do my training instead of doing it on rest days",
    ),
    "work_life": (
        "Flexible shifts that work around my children",
        "Part-time working",
        "Rest days that are not cancelled",
        "Being able to swap shifts",
    ),
    "mental_wellbeing": (
        "Proper wellbeing support after traumatic jobs",
        "Someone to talk to after a bad job",
        "Time to recover between difficult jobs",
    ),
    "physical_health": ("Adjustments for my health condition", "Recovery time after injury"),
    "caring": ("Flexible hours so I can look after my parents", "Help with childcare"),
    "relocation": ("A transfer closer to home", "Help with travel costs"),
    "public_perception": (
        "Support from the top when the media turn on us",
        "Recognition for the work we do",
    ),
    "better_offer": (
        "Matching the offer I have had elsewhere",
        "A career path the private sector can't match",
    ),
}

SAY_TO_STAY = SurveyModel(
    share=0.15,
    groups=_w("white .88 asian .05 black .03 mixed .03 other .01"),
    experience=_w("white .55 asian .46 other .46 mixed .42 black .38"),
    areas=_w("central .3 north .2 south .2 east .15 west .15"),
    not_stated=(0.08, 0.09),
    equality={
        "age_band": _w(f"18_24 .08 25_34 .3 35_44 .28 45_54 .22 55_64 .1 65_plus .01 {PNTS} .04"),
        "sex": _w(f"male .58 female .4 {PNTS} .02"),
    },
    questions={
        "role": Closed(
            _w("police_officer .55 police_staff .28 pcso .09 special_constable .06 volunteer .02")
        ),
        "service_band": Closed(
            _w("under_2 .17 2_to_5 .28 5_to_10 .22 10_to_20 .2 over_20 .13"), skip=0.03
        ),
        "stage": Closed(
            _w("not_planning .45 thinking .4 decided .1 notice .05"),
            _w("thinking .4 decided .3 notice .2 not_planning .1"),
        ),
        "reasons": Several(
            _w(
                "workload .45 pay .35 pension .15 leadership .15 culture .05 progression .15 "
                "training .1 work_life .4 mental_wellbeing .15 physical_health .05 caring .1 "
                "relocation .08 public_perception .1 better_offer .12 other .04"
            ),
            _w(
                "workload .55 pay .45 pension .2 leadership .5 culture .35 progression .35 "
                "training .15 work_life .4 mental_wellbeing .4 physical_health .08 caring .1 "
                "relocation .08 public_perception .2 better_offer .2 other .06"
            ),
            extra={
                "black": _w("culture .3 progression .1"),
                "mixed": _w("culture .25 progression .1"),
                "asian": _w("culture .25 progression .1"),
                "other": _w("culture .2"),
            },
        ),
        "main_reason": MostImportant("reasons"),
        "valued": Closed(
            _w("strongly_agree .25 agree .45 neither .17 disagree .09 strongly_disagree .04"),
            AGREE_BAD,
        ),
        "voice": Closed(
            _w("strongly_agree .2 agree .45 neither .2 disagree .1 strongly_disagree .05"),
            AGREE_BAD,
        ),
        "discrimination": Closed(
            _w(f"yes .05 no .9 {PNTS} .05"), _w(f"yes .4 no .48 {PNTS} .12"), shift=MINORITY_SHIFT
        ),
        "conversation": Closed(_w("yes .15 no .85"), _w("yes .4 no .6"), skip=0.06),
        "stay_factor": FreeText(
            write_good=0.6,
            write_bad=0.55,
            good=(
                "I am happy here, I just wanted to say so",
                "Keep doing what my team is doing now",
                "Nothing, I'm staying",
            ),
            neutral=(
                "Recognition for the work we do",
                "Being listened to when I raise concerns",
                "More flexibility",
                "Better equipment and IT that works",
            ),
            bad=(
                "Nothing now, I have made up my mind",
                "Too late for that",
                "Nothing, the damage is done",
                "Honestly, nothing",
            ),
            triggers=tuple(
                _trigger("main_reason", code, *texts, tones="good neutral bad")
                for code, texts in STAY_FACTORS.items()
            ),
        ),
        "anything_else": FreeText(
            write_good=0.3,
            write_bad=0.45,
            good=(
                "I still love the job and the people I work with",
                "My sergeant has been brilliant",
                "Thanks for asking",
                "Occupational health were very supportive",
            ),
            neutral=(
                "Please actually read these",
                "I hope this leads to change",
                "The exit process needs to be simpler",
            ),
            bad=(
                "The culture in my team is toxic",
                "Morale is the lowest I have known",
                "I love the job but I can't afford it",
                "Nobody listens until people leave",
                "I feel like a number",
                "Senior leaders have no idea what it's like on the front line",
                "I was bullied and nothing happened when I reported it",
            ),
            triggers=(
                _trigger(
                    "discrimination",
                    "yes",
                    "I have had comments about my race and nothing was done",
                    "I reported discrimination and was treated as the problem",
                    "Micro-aggressions every day, and everyone laughs along",
                    "As a woman I am talked over in every briefing",
                ),
            ),
        ),
    },
)

MODELS: Mapping[str, SurveyModel] = {
    "stop-search": STOP_SEARCH,
    "listening-session": LISTENING_SESSION,
    "say-to-stay": SAY_TO_STAY,
}

EVENT_KINDS = (
    "Community listening session",
    "Youth listening session",
    "Faith leaders' listening session",
    "Listening session on stop and search",
    "Residents' listening session",
)
EVENTS = 12


# --- Plan: what the chunks share --------------------------------------------------------------


@dataclass(frozen=True)
class _SurveyPlan:
    slug: str
    survey_id: int
    version_id: int
    definition: Definition
    model: SurveyModel


@dataclass(frozen=True)
class _Plan:
    surveys: tuple[_SurveyPlan, ...]
    areas: Mapping[str, int]  # code -> id
    events: tuple[tuple[int, int, int], ...]  # (event id, day index, area id)
    event_weights: np.ndarray
    days: tuple[dt.date, ...]  # every date in the window, oldest first
    months: tuple[str, ...]  # "YYYY-MM" of each date


@dataclass(frozen=True)
class SeedResult:
    seed: int
    responses: int = 0
    by_survey: Mapping[str, int] = field(default_factory=dict)
    answers: int = 0
    text_answers: int = 0
    codes_offered: int = 0


def count_responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response)) or 0


def seed_responses(
    count: int,
    *,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> SeedResult:
    """Add ``count`` synthetic responses spread across the built-in surveys.

    The same ``seed`` gives the same responses (apart from their random withdrawal hashes,
    which must stay unique). ``progress`` is called with the number written after each chunk.
    """
    if not 1 <= count <= MAX_RESPONSES:
        raise DemoError(f"Seed between 1 and {MAX_RESPONSES:,} responses.")
    seed = secrets.randbelow(2**31) if seed is None else seed
    events_sequence, chunks_sequence, links_sequence = np.random.SeedSequence(seed).spawn(3)
    plan = _prepare(np.random.default_rng(events_sequence))
    sizes = [min(chunk_size, count - start) for start in range(0, count, chunk_size)]
    chunks = list(zip(sizes, chunks_sequence.spawn(len(sizes)), strict=True))
    links_rng = np.random.default_rng(links_sequence)
    with _bulk_load():
        if _bulk_tables_empty_on_postgresql():
            totals = _seed_at_once(plan, chunks, links_rng, progress)
        else:
            totals = _write_chunks(plan, chunks, progress, _write_chunk)
            totals.codes_offered = _offer_codes(links_rng)
    return SeedResult(
        seed=seed,
        responses=count,
        by_survey=totals.by_survey,
        answers=totals.answers,
        text_answers=totals.text_answers,
        codes_offered=totals.codes_offered,
    )


@dataclass
class _Totals:
    by_survey: dict[str, int]
    answers: int = 0
    text_answers: int = 0
    codes_offered: int = 0


def _write_chunks(
    plan: _Plan,
    chunks: Sequence[tuple[int, np.random.SeedSequence]],
    progress: Callable[[int], None] | None,
    write: Callable[[_Plan, np.random.Generator, int], _ChunkResult],
) -> _Totals:
    totals = _Totals(by_survey=dict.fromkeys((s.slug for s in plan.surveys), 0))
    for size, sequence in chunks:
        chunk = write(plan, np.random.default_rng(sequence), size)
        for slug, n in chunk.by_survey.items():
            totals.by_survey[slug] += n
        totals.answers += chunk.answers
        totals.text_answers += chunk.text_answers
        if progress:
            progress(size)
    return totals


# Loaded without their secondary indexes and foreign keys in a one-transaction seed: answers,
# most of the time. Free text and not-shown questions too was faster at 200,000 responses
# (20.4 and 20.8 s against 22.3 and 23.1 s) but slower at a million (120.1 s against 112.3 s,
# 168.6 s against 155.6 s), so they keep their indexes (bench/README.md).
BULK_TABLES = (Answer.__table__,)


@transactional
def _bulk_tables_empty_on_postgresql() -> bool:
    """Whether the seed can load everything at once: a fresh PostgreSQL database."""
    connection = db.session.connection()
    if not isinstance(_writer(connection), _CopyWriter):
        return False
    return all(
        connection.execute(select(table.c[0]).limit(1)).first() is None for table in BULK_TABLES
    )


@transactional
def _seed_at_once(
    plan: _Plan,
    chunks: Sequence[tuple[int, np.random.SeedSequence]],
    links_rng: np.random.Generator,
    progress: Callable[[int], None] | None,
) -> _Totals:
    """PostgreSQL's "Populating a Database": the whole seed as one transaction.

    The answers (about ten rows a response) are loaded without their secondary indexes and
    foreign keys, which are then built from the rows in one pass each, instead of an update of
    each index and a foreign-key check per row. The DDL is part of the transaction, so a failed
    or killed seed leaves the database as it was, indexes and all; meanwhile the table is
    locked, which is why this is only done while it is empty (a fresh database).
    """
    connection = db.session.connection()
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    with ExitStack() as stack:
        for table in BULK_TABLES:
            stack.enter_context(_without_indexes(connection, table))
        totals = _write_chunks(plan, chunks, progress, _load_chunk)
    totals.codes_offered = _add_offered_codes(links_rng)
    return totals


# Memory for each index build of the one-transaction load (PostgreSQL's default is 64MB).
INDEX_BUILD_MEMORY = "256MB"


@contextmanager
def _without_indexes(connection: Connection, table: Table) -> Iterator[None]:
    """Drop ``table``'s secondary indexes and foreign keys; create them again from the models.

    Nothing is put back if the body raises: the caller's transaction rolls the drops back.
    """
    indexes = sorted(table.indexes, key=lambda index: str(index.name))
    foreign_keys = sorted(table.foreign_key_constraints, key=lambda key: str(key.name))
    for key in foreign_keys:
        connection.execute(DropConstraint(key))
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)
    for key in foreign_keys:
        connection.execute(AddConstraint(key))


@transactional
def _prepare(rng: np.random.Generator) -> _Plan:
    """Create the demo areas and events if missing; read what every chunk needs."""
    areas = {area.code: area for area in db.session.scalars(select(Area))}
    for code, name in DEMO_AREAS.items():
        if code not in areas:
            areas[code] = Area(code=code, name=name)
            db.session.add(areas[code])
    db.session.flush()

    last = today()
    first = months_before(last, MONTHS)
    days = tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    events = []
    area_codes = list(DEMO_AREAS)
    spacing = len(days) / EVENTS
    for number in range(EVENTS):
        jitter = int(rng.integers(0, max(1, int(spacing) - 7)))
        day = min(int(number * spacing) + jitter, len(days) - 2)
        area = areas[area_codes[number % len(area_codes)]]
        name = f"{EVENT_KINDS[number % len(EVENT_KINDS)]}: {area.name}"
        event = db.session.scalar(
            select(Event).where(
                Event.name == name, Event.held_on == days[day], Event.area_id == area.id
            )
        )
        if event is None:
            event = Event(name=name, held_on=days[day], area_id=area.id)
            db.session.add(event)
            db.session.flush()
        events.append((event.id, day, area.id))
    attendance = rng.lognormal(0.0, 0.5, size=len(events))

    surveys = []
    for slug in BUILT_IN:
        survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
        if survey is None or survey.current_version is None:
            raise DemoError(f"The survey {slug!r} is not loaded. Run `flask surveys sync` first.")
        version = survey.current_version
        surveys.append(
            _SurveyPlan(slug, survey.id, version.id, Definition(version.definition), MODELS[slug])
        )
    return _Plan(
        surveys=tuple(surveys),
        areas={code: area.id for code, area in areas.items()},
        events=tuple(events),
        event_weights=attendance / attendance.sum(),
        days=days,
        months=tuple(day.strftime("%Y-%m") for day in days),
    )


# --- One chunk --------------------------------------------------------------------------------


@dataclass
class _Rows:
    responses: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[int, int, str, str]] = field(default_factory=list)
    text_answers: list[tuple[int, int, str, str]] = field(default_factory=list)
    not_shown: list[tuple[int, str, int]] = field(default_factory=list)
    by_survey: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _ChunkResult:
    by_survey: Mapping[str, int]
    answers: int
    text_answers: int


RESPONSE_COLUMNS = (
    "id",
    "survey_id",
    "survey_version_id",
    "area_id",
    "event_id",
    "submitted_on",
    "submitted_month",
    "language",
    "withdrawal_hash",
    *EQUALITY_COLUMNS,
)
ANSWER_COLUMNS = ("response_id", "survey_id", "question_key", "value")
TEXT_COLUMNS = ("response_id", "survey_id", "question_key", "text")
NOT_SHOWN_COLUMNS = ("response_id", "question_key", "survey_id")


@transactional
def _write_chunk(plan: _Plan, rng: np.random.Generator, size: int) -> _ChunkResult:
    """One chunk as its own transaction."""
    return _load_chunk(plan, rng, size)


def _load_chunk(plan: _Plan, rng: np.random.Generator, size: int) -> _ChunkResult:
    """Write one chunk in the caller's transaction."""
    writer = _writer(db.session.connection())
    ids = writer.reserve_response_ids(size)
    counts = rng.multinomial(size, [s.model.share for s in plan.surveys])
    rows = _Rows()
    start = 0
    for survey, n in zip(plan.surveys, counts.tolist(), strict=True):
        if n:
            _Respondents(plan, survey, rng, ids[start : start + n]).add_rows(rows)
        rows.by_survey[survey.slug] = n
        start += n
    writer.write(Response.__table__, RESPONSE_COLUMNS, rows.responses)
    writer.write(Answer.__table__, ANSWER_COLUMNS, rows.answers)
    writer.write(TextAnswer.__table__, TEXT_COLUMNS, rows.text_answers)
    writer.write(QuestionNotShown.__table__, NOT_SHOWN_COLUMNS, rows.not_shown)
    return _ChunkResult(rows.by_survey, len(rows.answers), len(rows.text_answers))


@dataclass
class _Choice:
    codes: tuple[str, ...]
    idx: np.ndarray  # option index per respondent; -1 when not answered

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        table = np.array([code in codes for code in self.codes] + [False])
        return table[self.idx]

    def values(self) -> np.ndarray:
        return np.array([*self.codes, None], dtype=object)[self.idx]

    def hide(self, hidden: np.ndarray) -> None:
        self.idx[hidden] = -1


@dataclass
class _Ticks:
    codes: tuple[str, ...]
    ticked: np.ndarray  # (respondents, options) booleans, all False when not answered

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        columns = [i for i, code in enumerate(self.codes) if code in codes]
        return self.ticked[:, columns].any(axis=1)

    def hide(self, hidden: np.ndarray) -> None:
        self.ticked[hidden] = False


@dataclass
class _Texts:
    texts: list[str | None]

    def matches(self, codes: Sequence[str]) -> np.ndarray:
        return np.zeros(len(self.texts), dtype=bool)  # free text is never a page's condition

    def hide(self, hidden: np.ndarray) -> None:
        for i in np.flatnonzero(hidden).tolist():
            self.texts[i] = None


def _codes(question: dict[str, Any]) -> tuple[str, ...]:
    return tuple(option["code"] for option in question.get("options", []))


def _aligned(codes: Sequence[str], weights: Mapping[str, float] | None) -> np.ndarray:
    """Weights in the order of ``codes``; codes without a weight are never drawn."""
    if not weights:
        return np.full(len(codes), 1.0 / len(codes))
    aligned = np.array([max(0.0, weights.get(code, 0.0)) for code in codes])
    if aligned.sum() <= 0:
        return np.full(len(codes), 1.0 / len(codes))
    return aligned / aligned.sum()


def _categorical(rng: np.random.Generator, probabilities: np.ndarray, n: int) -> np.ndarray:
    """One draw per row from a (k,) or (n, k) matrix of probabilities."""
    cumulative = np.cumsum(probabilities, axis=-1)
    cumulative /= cumulative[..., -1:]
    u = rng.random(n)
    if probabilities.ndim == 1:
        drawn = np.searchsorted(cumulative, u, side="right")
    else:
        drawn = (u[:, None] >= cumulative).sum(axis=1)
    return np.minimum(drawn, probabilities.shape[-1] - 1).astype(np.int16)


class _Respondents:
    """Everything about ``len(ids)`` respondents to one survey, drawn column by column."""

    def __init__(
        self, plan: _Plan, survey: _SurveyPlan, rng: np.random.Generator, ids: np.ndarray
    ) -> None:
        self.plan, self.survey, self.model, self.rng = plan, survey, survey.model, rng
        self.ids = ids
        self.n = n = len(ids)
        self.answers: dict[str, _Choice | _Ticks | _Texts] = {}
        groups = equality.ETHNIC_GROUPS
        self.group = np.array(groups, dtype=object)[
            _categorical(rng, _aligned(groups, self.model.groups), n)
        ]
        self.ethnicity = np.empty(n, dtype=object)
        for group in groups:
            rows = np.flatnonzero(self.group == group)
            categories = [e.code for e in equality.ethnicities() if e.group == group]
            drawn = _categorical(rng, _aligned(categories, ETHNICITY_WEIGHTS), len(rows))
            self.ethnicity[rows] = np.array(categories, dtype=object)[drawn]
        self._answer_equality()
        self._place_and_date()
        self.experience = self._experience()
        self._answer_closed()
        self._apply_conditions()
        self._answer_text()
        self._apply_conditions()

    # Equality answers, as the respondent would give them (skips and "Prefer not to say").
    def _answer_equality(self) -> None:
        for page, question in self.survey.definition.questions():
            if page.is_equality and question["type"] != TEXT_TYPE:
                self.answers[question["key"]] = self._equality_answer(question)

    def _equality_answer(self, question: dict[str, Any]) -> _Choice:
        key, codes, n, rng = question["key"], _codes(question), self.n, self.rng
        position = {code: i for i, code in enumerate(codes)}
        if question["type"] in ("ethnic_group", "ethnicity"):
            truth = self.group if question["type"] == "ethnic_group" else self.ethnicity
            idx = np.array([position.get(code, -1) for code in truth.tolist()], dtype=np.int16)
            if question["type"] == "ethnic_group":
                skip, prefer_not = self.model.not_stated
                u = rng.random(n)
                idx[u < skip + prefer_not] = position.get(PREFER_NOT, -1)
                idx[u < skip] = -1
            else:
                idx[rng.random(n) < ETHNICITY_SKIP] = -1
            return _Choice(codes, idx)
        if key == "religion":
            idx = _categorical(rng, _aligned(codes, None), n)
            for group, weights in RELIGION_BY_GROUP.items():
                rows = np.flatnonzero(self.group == group)
                idx[rows] = _categorical(rng, _aligned(codes, weights), len(rows))
        else:
            weights = self.model.equality.get(key) or EQUALITY_DEFAULTS.get(key)
            idx = _categorical(rng, _aligned(codes, weights), n)
        if not question["required"]:
            idx[rng.random(n) < EQUALITY_SKIP] = -1
        return _Choice(codes, idx)

    def _place_and_date(self) -> None:
        plan, n, rng = self.plan, self.n, self.rng
        last_day = len(plan.days) - 1
        self.event_id: list[int | None] = [None] * n
        self.area_id: list[int | None]
        if self.survey.slug == "listening-session" and plan.events:
            chosen = _categorical(rng, plan.event_weights, n)
            events = np.array(plan.events, dtype=np.int64)[chosen]
            self.event_id = events[:, 0].tolist()
            self.area_id = events[:, 2].tolist()
            # Most answer on the night; the link stays open for a week.
            late = np.where(rng.random(n) < 0.7, 0, rng.integers(1, 8, size=n))
            self.day = np.minimum(events[:, 1] + late, last_day)
        else:
            codes = list(plan.areas)
            drawn = _categorical(rng, _aligned(codes, self.model.areas), n)
            self.area_id = [plan.areas[codes[i]] for i in drawn.tolist()]
            # More responses lately, as a scheme beds in: density rising linearly to double.
            u = rng.random(n)
            fraction = np.sqrt(1 + 3 * u) - 1  # inverse CDF of a density rising as 1 + t
            self.day = np.minimum((fraction * (last_day + 1)).astype(np.int64), last_day)

    def _experience(self) -> np.ndarray:
        mean = np.array([self.model.experience.get(g, 0.6) for g in self.group.tolist()])
        if "age_band" in self.answers and self.model.ages:
            ages = self.answers["age_band"]
            shift = np.array([self.model.ages.get(code, 0.0) for code in ages.codes] + [0.0])
            mean += shift[ages.idx]
        area_code = {area_id: code for code, area_id in self.plan.areas.items()}
        mean += np.array([AREA_EXPERIENCE.get(area_code.get(a, ""), 0.0) for a in self.area_id])
        mean += TREND * (self.day / max(1, len(self.plan.days) - 1) - 0.5)
        mean = np.clip(mean, 0.05, 0.95)
        return self.rng.beta(mean * CONCENTRATION, (1 - mean) * CONCENTRATION)

    def _shifted(self, shift: Mapping[str, float]) -> np.ndarray:
        if not shift:
            return self.experience
        by_group = np.array([shift.get(g, 0.0) for g in self.group.tolist()])
        return np.clip(self.experience + by_group, 0.0, 1.0)

    # The survey's own questions.
    def _answer_closed(self) -> None:
        for page, question in self.survey.definition.questions():
            if page.is_equality or question["type"] == TEXT_TYPE:
                continue
            spec = self.model.questions.get(question["key"])
            if question["type"] == MULTI_TYPE:
                answer = self._several(question, spec if isinstance(spec, Several) else None)
            elif isinstance(spec, MostImportant):
                answer = self._most_important(question, spec)
            elif isinstance(spec, ShiftedFrom):
                answer = self._shifted_from(question, spec)
            else:
                answer = self._closed(question, spec if isinstance(spec, Closed) else None)
            self.answers[question["key"]] = answer

    def _skipped(self, question: dict[str, Any], rate: float) -> np.ndarray:
        if question["required"]:
            return np.zeros(self.n, dtype=bool)
        return self.rng.random(self.n) < rate

    def _closed(self, question: dict[str, Any], spec: Closed | None) -> _Choice:
        codes = _codes(question)
        spec = spec or Closed({}, skip=0.05)
        x = self._shifted(spec.shift)[:, None]
        good, bad = _aligned(codes, spec.good), _aligned(codes, spec.bad or spec.good)
        idx = _categorical(self.rng, x * good + (1 - x) * bad, self.n)
        idx[self._skipped(question, spec.skip)] = -1
        return _Choice(codes, idx)

    def _several(self, question: dict[str, Any], spec: Several | None) -> _Ticks:
        codes, n = _codes(question), self.n
        spec = spec or Several({}, {})
        good = np.array([spec.good.get(code, 0.1 if not spec.good else 0.0) for code in codes])
        bad = np.array([spec.bad.get(code, 0.1 if not spec.bad else 0.0) for code in codes])
        x = self.experience[:, None]
        chance = x * good + (1 - x) * bad
        for group, extra in spec.extra.items():
            rows = self.group == group
            chance[rows] += np.array([extra.get(code, 0.0) for code in codes])
        ticked = self.rng.random((n, len(codes))) < np.clip(chance, 0.0, 0.95)
        # Someone who answers ticks at least one: their likeliest reason by a weighted draw.
        none = ~ticked.any(axis=1)
        fallback = _categorical(self.rng, chance[none], int(none.sum()))
        ticked[np.flatnonzero(none), fallback] = True
        ticked[self._skipped(question, spec.skip)] = False
        return _Ticks(codes, ticked)

    def _most_important(self, question: dict[str, Any], spec: MostImportant) -> _Choice:
        codes = _codes(question)
        source = self.answers.get(spec.source)
        if not isinstance(source, _Ticks) or source.codes != codes:
            return self._closed(question, None)
        weights = self.rng.random(source.ticked.shape) * source.ticked
        idx = weights.argmax(axis=1).astype(np.int16)
        answered = source.ticked.any(axis=1)
        idx[~answered] = _categorical(self.rng, _aligned(codes, None), int((~answered).sum()))
        idx[self._skipped(question, spec.skip)] = -1
        return _Choice(codes, idx)

    def _shifted_from(self, question: dict[str, Any], spec: ShiftedFrom) -> _Choice:
        codes = _codes(question)
        source = self.answers.get(spec.source)
        if not isinstance(source, _Choice) or source.codes != codes:
            return self._closed(question, None)
        u = self.rng.random(self.n)
        step = np.where(
            u < spec.better * self.experience,
            -1,
            np.where(u > 1 - spec.worse * (1 - self.experience), 1, 0),
        )
        idx = np.clip(source.idx + step, 0, len(codes) - 1).astype(np.int16)
        idx[source.idx < 0] = -1
        idx[self._skipped(question, spec.skip)] = -1
        return _Choice(codes, idx)

    def _apply_conditions(self) -> None:
        """Hide answers to questions, and on pages, that these answers do not show, walking
        pages and questions in order (as kept_answers does), and note who was not shown each
        of the survey's own questions (as a submission records them)."""
        self.not_shown: dict[str, np.ndarray] = {}
        for page in self.survey.definition.pages:
            page_shown = self._condition_met(page.data.get("show_if"))
            for question in page.questions:
                hidden = ~(page_shown & self._condition_met(question.get("show_if")))
                answer = self.answers.get(question["key"])
                if answer is not None:
                    answer.hide(hidden)
                if not page.is_equality and hidden.any():
                    self.not_shown[question["key"]] = hidden

    def _condition_met(self, condition: dict[str, Any] | None) -> np.ndarray:
        if not condition:
            return np.ones(self.n, dtype=bool)
        source = self.answers.get(condition["question"])
        if source is None:
            return np.zeros(self.n, dtype=bool)
        return source.matches(condition["in"])

    # Free text.
    def _mood(self) -> np.ndarray:
        """How the respondent feels as they write: mostly the share of favourable answers they
        actually gave (per the definition), so that text agrees with their closed answers."""
        favourable = np.zeros(self.n)
        answered = np.zeros(self.n)
        for page, question in self.survey.definition.questions():
            answer = self.answers.get(question["key"])
            if page.is_equality or not question["favourable"] or not isinstance(answer, _Choice):
                continue
            favourable += answer.matches(question["favourable"])
            answered += answer.idx >= 0
        share = np.divide(favourable, answered, out=self.experience.copy(), where=answered > 0)
        mood = TEXT_FROM_ANSWERS * share + (1 - TEXT_FROM_ANSWERS) * self.experience
        return 1 / (1 + np.exp(-MOOD_STEEPNESS * (mood - 0.5)))  # mixed feelings are rarer

    def _answer_text(self) -> None:
        self.mood = self._mood()
        for page, question in self.survey.definition.questions():
            spec = self.model.questions.get(question["key"])
            if page.is_equality or question["type"] != TEXT_TYPE or not isinstance(spec, FreeText):
                continue
            self.answers[question["key"]] = _Texts(self._texts(spec))

    def _texts(self, spec: FreeText) -> list[str | None]:
        rng, n, x = self.rng, self.n, self.mood
        writes = (rng.random(n) < x * spec.write_good + (1 - x) * spec.write_bad).tolist()
        u = rng.random(n)
        tone = np.where(
            u < TEXT_NEUTRAL, 1, np.where(u < TEXT_NEUTRAL + (1 - TEXT_NEUTRAL) * x, 0, 2)
        )
        tone_names = np.array(["good", "neutral", "bad"], dtype=object)[tone]
        triggered = []
        for trigger in spec.triggers:
            source = self.answers.get(trigger.question)
            if source is None:
                continue
            applies = source.matches(trigger.codes) & np.isin(tone_names, list(trigger.tones))
            triggered.append((trigger.texts, applies.tolist()))
        banks = (spec.good, spec.neutral, spec.bad)
        r = rng.random((n, 6 + len(triggered))).tolist()
        tones = tone.tolist()
        texts: list[str | None] = [None] * n
        for i in range(n):
            if not writes[i]:
                continue
            bank = banks[tones[i]]
            chance = r[i]
            first = bank[int(chance[0] * len(bank))]
            # Triggers are listed most salient first: each that applies is taken at a fixed rate.
            for number, (fragments, applies) in enumerate(triggered):
                if applies[i] and chance[6 + number] < TRIGGERED:
                    first = fragments[int(chance[1] * len(fragments))]
                    break
            second = None
            if tones[i] != 1 and chance[3] < 0.3 and not first.startswith(("Nothing", "Not ")):
                second = bank[int(chance[4] * len(bank))]
                if second == first or second.startswith(("Nothing", "Not ")):
                    second = None
            texts[i] = _compose(first, second, tones[i] == 2, chance[5])
        return texts

    # Rows.
    def add_rows(self, rows: _Rows) -> None:
        survey, n = self.survey, self.n
        ids = self.ids.tolist()
        equality_keys = [
            question["key"]
            for page, question in survey.definition.questions()
            if page.is_equality and question["key"] in self.answers
        ]
        columns = _equality_columns(
            equality_keys,
            [self.answers[key].values().tolist() for key in equality_keys],  # type: ignore[union-attr]
            n,
        )
        language = np.where(self.rng.random(n) < WELSH, "cy", "en").tolist()
        days = self.day.tolist()
        hashes = _withdrawal_hashes(n)
        on, month = self.plan.days, self.plan.months
        rows.responses.extend(
            (
                ids[i],
                survey.survey_id,
                survey.version_id,
                self.area_id[i],
                self.event_id[i],
                on[days[i]],
                month[days[i]],
                language[i],
                hashes[i],
                *columns[i],
            )
            for i in range(n)
        )
        for key, hidden in self.not_shown.items():
            rows.not_shown.extend(
                (response_id, key, survey.survey_id) for response_id in self.ids[hidden].tolist()
            )
        response_ids = self.ids
        for page, question in survey.definition.questions():
            answer = self.answers.get(question["key"])
            if page.is_equality or answer is None:
                continue
            key, survey_id = question["key"], survey.survey_id
            if isinstance(answer, _Choice):
                given = answer.idx >= 0
                rows.answers.extend(
                    zip(
                        response_ids[given].tolist(),
                        repeat(survey_id),
                        repeat(key),
                        answer.values()[given].tolist(),
                        strict=False,
                    )
                )
            elif isinstance(answer, _Ticks):
                for column, code in enumerate(answer.codes):
                    ticked = answer.ticked[:, column]
                    rows.answers.extend(
                        zip(
                            response_ids[ticked].tolist(),
                            repeat(survey_id),
                            repeat(key),
                            repeat(code),
                            strict=False,
                        )
                    )
            else:
                rows.text_answers.extend(
                    (ids[i], survey_id, key, written)
                    for i, written in enumerate(answer.texts)
                    if written is not None
                )


def _lower_first(fragment: str) -> str:
    if fragment.startswith(("I ", "I'")):
        return fragment
    return fragment[:1].lower() + fragment[1:]


def _compose(first: str, second: str | None, angry: bool, chance: float) -> str:
    """Join fragments the way people type on a phone: mostly tidy, sometimes not."""
    if second is not None:
        joined = f"{first}. {second}" if chance < 0.5 else f"{first} and {_lower_first(second)}"
    else:
        joined = first
    if chance < 0.08:
        return joined.lower()
    if angry and chance > 0.85:
        return joined + "!"
    return joined + "." if chance < 0.7 else joined


def _equality_columns(keys: list[str], values: list[list[str | None]], n: int) -> list[tuple]:
    """Each respondent's equality columns, computed by the same function a submission uses."""
    cache: dict[tuple, tuple] = {}
    result = []
    for combination in zip(*values, strict=True) if keys else repeat((), n):
        columns = cache.get(combination)
        if columns is None:
            given = {key: value for key, value in zip(keys, combination, strict=True) if value}
            derived = equality.equality_columns(given)
            columns = cache[combination] = tuple(derived[name] for name in EQUALITY_COLUMNS)
        result.append(columns)
    return result


def _withdrawal_hashes(n: int) -> list[str]:
    """Random, unique and never derived from the seed: there is no code that withdraws them."""
    noise = os.urandom(16 * n)
    return [hashlib.sha256(noise[i : i + 16]).hexdigest() for i in range(0, 16 * n, 16)]


# --- Writing ----------------------------------------------------------------------------------


class _ExecutemanyWriter:
    """One executemany per table of the Core INSERT, with values run through the column types."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def reserve_response_ids(self, n: int) -> np.ndarray:
        # Ids are assigned here so that answers can point at responses without a round trip.
        # SQLite allows one writer at a time, so nobody else can take these ids first.
        start = self.connection.scalar(select(func.coalesce(func.max(Response.id), 0)))
        return np.arange(start + 1, start + 1 + n, dtype=np.int64)

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        dialect = self.connection.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        processors = [
            (i, processor)
            for i, name in enumerate(columns)
            if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        ]
        if processors:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, processor in processors:
                    row[i] = processor(row[i])
        if dialect.positional:
            order = [columns.index(name) for name in compiled.positiontup or ()]
            if order != list(range(len(columns))):
                rows = [tuple(row[i] for i in order) for row in rows]
            self.connection.exec_driver_sql(str(compiled), [tuple(row) for row in rows])
        else:
            self.connection.exec_driver_sql(
                str(compiled), [dict(zip(columns, row, strict=True)) for row in rows]
            )


class _CopyWriter(_ExecutemanyWriter):
    """PostgreSQL: COPY, several times faster than any INSERT."""

    def reserve_response_ids(self, n: int) -> np.ndarray:
        # Taken from the sequence itself, so concurrent submissions never collide with them.
        ids = self.connection.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence('responses', 'id'))"
                " FROM generate_series(1, :n)"
            ),
            {"n": n},
        ).all()
        return np.array(sorted(ids), dtype=np.int64)

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        raw = self.connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def _writer(connection: Connection) -> _ExecutemanyWriter:
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        return _CopyWriter(connection)
    return _ExecutemanyWriter(connection)


@contextmanager
def _bulk_load() -> Iterator[None]:
    """Settings for the length of a bulk load, put back afterwards.

    The garbage collector is paused: the rows are millions of tuples without cycles, and each
    collection would walk them all. On SQLite the page cache grows to 256 MB (the withdrawal-hash
    index is inserted into at random, and with the 2 MB default most inserts would read pages
    back from the file) and the write-ahead log is checkpointed every 40 MB instead of every
    4 MB, so that hot index pages are copied back to the file less often.
    """
    collecting = gc.isenabled()
    gc.disable()
    previous = _sqlite_settings({"cache_size": -262144, "wal_autocheckpoint": 10000})
    try:
        yield
    finally:
        if previous:
            _sqlite_settings(previous)
        if collecting:
            gc.enable()


@transactional
def _sqlite_settings(settings: Mapping[str, int]) -> dict[str, int]:
    """Set PRAGMAs on the session's SQLite connection; returns their previous values."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return {}
    previous = {}
    for name, value in settings.items():
        previous[name] = connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        connection.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
    return previous


# --- Codes offered -----------------------------------------------------------------------------

# The offered-and-answered measure is read week by week: the demo offers codes over two months.
OFFERED_WEEKS = 8
# Of the single-use codes officers offer, the share that someone answers (a demo figure).
ANSWERED_SHARE = 0.4
LINK_COLUMNS = (
    "token",
    "survey_id",
    "area_id",
    "event_id",
    "kind",
    "single_use",
    "created_by_id",
    "created_at",
    "expires_at",
    "used_on",
    "answered",
)


@transactional
def _offer_codes(rng: np.random.Generator) -> int:
    """The codes officers offered, as their own transaction."""
    return _add_offered_codes(rng)


def _add_offered_codes(rng: np.random.Generator) -> int:
    """The codes officers offered, so that "answered of offered" has something to show.

    For each demo response of the last OFFERED_WEEKS weeks to a survey of single-use codes,
    a code used that day, and unused codes beside them so that about ANSWERED_SHARE of the
    codes offered were answered; for each listening session, the one code its attendees shared.
    Like real codes, they carry no answer: only counts and dates. Codes are put down to the
    demo officers when their accounts exist (`flask users demo`), else to nobody.
    """
    since = today() - dt.timedelta(weeks=OFFERED_WEEKS)
    officers = list(
        db.session.scalars(select(User.id).where(User.role == Role.OFFICER, User.active))
    ) or [None]
    rows: list[tuple[Any, ...]] = []

    def code(survey_id, area_id, event_id, kind, single_use, day, used_on, answered) -> None:
        made = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        expires = None if single_use else made + dt.timedelta(days=2)
        officer = officers[int(rng.integers(len(officers)))]
        rows.append(
            (
                new_token(),
                survey_id,
                area_id,
                event_id,
                kind,
                single_use,
                officer,
                made,
                expires,
                used_on,
                answered,
            )
        )

    encounter = [
        survey.id
        for survey in db.session.scalars(select(Survey).where(Survey.slug.in_(BUILT_IN)))
        if survey.current_version
        and survey.current_version.definition.get("link_defaults", {}).get("single_use")
    ]
    used = db.session.execute(
        select(Response.survey_id, Response.area_id, Response.submitted_on).where(
            Response.survey_id.in_(encounter), Response.submitted_on >= since
        )
    ).all()
    for survey_id, area_id, day in used:
        code(survey_id, area_id, None, LinkKind.ENCOUNTER.value, True, day, day, 1)
    unused = int(len(used) * (1 - ANSWERED_SHARE) / ANSWERED_SHARE)
    if used:
        picks = rng.integers(len(used), size=unused)
        shifts = rng.integers(-3, 4, size=unused)
        for pick, shift in zip(picks.tolist(), shifts.tolist(), strict=True):
            survey_id, area_id, day = used[pick]
            day = min(max(day + dt.timedelta(days=shift), since), today())
            code(survey_id, area_id, None, LinkKind.ENCOUNTER.value, True, day, None, 0)

    sessions = db.session.execute(
        select(
            Response.survey_id,
            Event.id,
            Event.area_id,
            Event.held_on,
            func.count(Response.id),
        )
        .join(Event, Event.id == Response.event_id)
        .where(Event.held_on >= since)
        .group_by(Response.survey_id, Event.id, Event.area_id, Event.held_on)
    ).all()
    for survey_id, event_id, area_id, held_on, answered in sessions:
        code(survey_id, area_id, event_id, LinkKind.EVENT.value, False, held_on, held_on, answered)

    _writer(db.session.connection()).write(Link.__table__, LINK_COLUMNS, rows)
    return len(rows)


# --- Demo links ------------------------------------------------------------------------------


def demo_links() -> list[tuple[str, Link]]:
    """A fresh link to each built-in survey, made with the survey's own defaults.

    The listening session gets an event link for a demo event held today.
    """
    central = db.session.scalar(select(Area.code).where(Area.code == "central"))
    made = []
    for slug in BUILT_IN:
        (link,) = create_links(
            slug,
            area_code=central,
            event_name="Demo listening session",
            event_date=today(),
        )
        made.append((slug, link))
    return made


__all__ = [
    "DEMO_AREAS",
    "MODELS",
    "DemoError",
    "SeedResult",
    "count_responses",
    "demo_links",
    "seed_responses",
]

"""The respondent model: what a demo respondent is like, as plain data.

The types below describe how each kind of question is answered (option weights after a good
and after a bad experience, chances of ticking, fragments of free text); the tables after them
are shared by all three surveys. Each survey's own model is in its module
(:mod:`.stop_search`, :mod:`.listening_session`, :mod:`.say_to_stay`). Weights are keyed by
option code: a code the definition lacks is never drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.services import equality

PREFER_NOT = equality.PREFER_NOT_TO_SAY


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


def triggered_by(question: str, codes: str, *texts: str, tones: str = "bad") -> Trigger:
    """A :class:`Trigger` written compactly: codes and tones as space-separated words."""
    return Trigger(question, frozenset(codes.split()), texts, frozenset(tones.split()))


def mix(spec: str) -> dict[str, float]:
    """Option weights written compactly: ``mix("yes .9 no .05 not_sure .05")``."""
    words = spec.split()
    return {code: float(weight) for code, weight in zip(words[::2], words[1::2], strict=True)}


PNTS = PREFER_NOT  # short, for the tables of weights
AGREE_GOOD = mix("strongly_agree .45 agree .4 neither .1 disagree .03 strongly_disagree .02")
AGREE_BAD = mix("strongly_agree .03 agree .1 neither .2 disagree .33 strongly_disagree .34")

# Within-group category mix, keyed by the ONS codes of data/ethnicity.csv.
ETHNICITY_WEIGHTS = mix(
    "white_british .8 white_irish .03 white_gypsy_traveller .015 white_roma .01 white_other .145 "
    "mixed_white_black_caribbean .4 mixed_white_black_african .15 mixed_white_asian .25 "
    "mixed_other .2 "
    "asian_indian .3 asian_pakistani .35 asian_bangladeshi .15 asian_chinese .07 asian_other .13 "
    "black_caribbean .4 black_african .5 black_other .1 "
    "other_arab .45 other_any .55"
)
RELIGION_BY_GROUP = {
    "white": mix(
        "no_religion .5 christian .42 buddhist .005 jewish .01 muslim .01 any_other .01 "
        f"{PNTS} .045"
    ),
    "mixed": mix(
        f"no_religion .45 christian .3 muslim .12 buddhist .01 hindu .01 any_other .03 {PNTS} .08"
    ),
    "asian": mix(
        "muslim .5 hindu .18 sikh .1 christian .05 no_religion .08 buddhist .03 any_other .01 "
        f"{PNTS} .05"
    ),
    "black": mix(f"christian .55 muslim .24 no_religion .12 any_other .02 {PNTS} .07"),
    "other": mix(f"muslim .45 christian .15 no_religion .2 jewish .03 any_other .1 {PNTS} .07"),
}
EQUALITY_DEFAULTS = {
    "long_term_condition": mix(f"yes .15 no .79 {PNTS} .06"),
    "activity_limited": mix(f"a_lot .3 a_little .45 not_at_all .2 {PNTS} .05"),
    "gender_identity": mix(f"yes .95 no .01 {PNTS} .04"),
    "sexual_orientation": mix(f"straight .87 gay_lesbian .03 bisexual .03 other .01 {PNTS} .06"),
}
EQUALITY_SKIP = 0.05
ETHNICITY_SKIP = 0.03  # stated a group, then skipped the category
# Where responses to a survey not tied to an event come from, by demo area.
AREA_MIX = mix("central .3 north .2 south .2 east .15 west .15")
AREA_EXPERIENCE = mix("east -.06 central -.03 north .02")
TREND = 0.06  # experience improves by this much across the 18 months
CONCENTRATION = 2.0  # of the Beta distribution of experience: low, so answers hang together
WELSH = 0.03
TEXT_NEUTRAL = 0.15
TEXT_FROM_ANSWERS = 0.8  # weight of the closed answers, against the experience, in free text
MOOD_STEEPNESS = 12.0
TRIGGERED = 0.6  # chance that a respondent with a trigger writes about it

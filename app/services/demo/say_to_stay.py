"""The respondent model of Say to Stay (officers and staff who are thinking of leaving)."""

from __future__ import annotations

from app.services.demo.respondent_model import (
    AGREE_BAD,
    AREA_MIX,
    PNTS,
    Closed,
    FreeText,
    MostImportant,
    Several,
    SurveyModel,
    mix,
    triggered_by,
)

MINORITY_SHIFT = mix("black -.25 mixed -.2 asian -.2 other -.15")

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
    groups=mix("white .88 asian .05 black .03 mixed .03 other .01"),
    experience=mix("white .55 asian .46 other .46 mixed .42 black .38"),
    areas=AREA_MIX,
    not_stated=(0.08, 0.09),
    equality={
        "age_band": mix(f"18_24 .08 25_34 .3 35_44 .28 45_54 .22 55_64 .1 65_plus .01 {PNTS} .04"),
        "sex": mix(f"male .58 female .4 {PNTS} .02"),
    },
    questions={
        "role": Closed(
            mix("police_officer .55 police_staff .28 pcso .09 special_constable .06 volunteer .02")
        ),
        "service_band": Closed(
            mix("under_2 .17 2_to_5 .28 5_to_10 .22 10_to_20 .2 over_20 .13"), skip=0.03
        ),
        "stage": Closed(
            mix("not_planning .45 thinking .4 decided .1 notice .05"),
            mix("thinking .4 decided .3 notice .2 not_planning .1"),
        ),
        "reasons": Several(
            mix(
                "workload .45 pay .35 pension .15 leadership .15 culture .05 progression .15 "
                "training .1 work_life .4 mental_wellbeing .15 physical_health .05 caring .1 "
                "relocation .08 public_perception .1 better_offer .12 other .04"
            ),
            mix(
                "workload .55 pay .45 pension .2 leadership .5 culture .35 progression .35 "
                "training .15 work_life .4 mental_wellbeing .4 physical_health .08 caring .1 "
                "relocation .08 public_perception .2 better_offer .2 other .06"
            ),
            extra={
                "black": mix("culture .3 progression .1"),
                "mixed": mix("culture .25 progression .1"),
                "asian": mix("culture .25 progression .1"),
                "other": mix("culture .2"),
            },
        ),
        "main_reason": MostImportant("reasons"),
        "valued": Closed(
            mix("strongly_agree .25 agree .45 neither .17 disagree .09 strongly_disagree .04"),
            AGREE_BAD,
        ),
        "voice": Closed(
            mix("strongly_agree .2 agree .45 neither .2 disagree .1 strongly_disagree .05"),
            AGREE_BAD,
        ),
        "discrimination": Closed(
            mix(f"yes .05 no .9 {PNTS} .05"), mix(f"yes .4 no .48 {PNTS} .12"), shift=MINORITY_SHIFT
        ),
        "conversation": Closed(mix("yes .15 no .85"), mix("yes .4 no .6"), skip=0.06),
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
                triggered_by("main_reason", code, *texts, tones="good neutral bad")
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
                triggered_by(
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

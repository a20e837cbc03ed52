"""The respondent model of the stop and search survey (answered on a phone after a search)."""

from __future__ import annotations

from app.services.demo.respondent_model import (
    AGREE_BAD,
    AGREE_GOOD,
    AREA_MIX,
    PNTS,
    Closed,
    FreeText,
    SurveyModel,
    mix,
    triggered_by,
)

STOP_SEARCH = SurveyModel(
    share=0.70,
    groups=mix("white .55 black .22 asian .14 mixed .06 other .03"),
    experience=mix("white .68 asian .6 other .58 mixed .5 black .45"),
    areas=AREA_MIX,
    not_stated=(0.07, 0.08),
    ages=mix("under_18 -.05 18_24 -.04 55_64 .04 65_plus .05"),
    equality={
        "age_band": mix(
            f"under_18 .15 18_24 .33 25_34 .25 35_44 .13 45_54 .07 55_64 .03 65_plus .01 {PNTS} .03"
        ),
        "sex": mix(f"male .88 female .1 {PNTS} .02"),
        "long_term_condition": mix(f"yes .12 no .82 {PNTS} .06"),
    },
    questions={
        "told_grounds": Closed(
            mix("yes .9 no .05 not_sure .05"), mix("yes .42 no .42 not_sure .16")
        ),
        "told_object": Closed(
            mix("yes .88 no .06 not_sure .06"), mix("yes .45 no .4 not_sure .15")
        ),
        "officer_identified": Closed(
            mix("yes .8 no .1 not_sure .1"), mix("yes .35 no .45 not_sure .2")
        ),
        "told_record": Closed(mix("yes .7 no .2 not_sure .1"), mix("yes .25 no .55 not_sure .2")),
        "bwv_on": Closed(mix("yes .85 no .05 not_sure .1"), mix("yes .55 no .15 not_sure .3")),
        "handcuffed": Closed(mix(f"yes .08 no .9 {PNTS} .02"), mix(f"yes .35 no .58 {PNTS} .07")),
        "told_why_handcuffed": Closed(
            mix("yes .8 no .1 not_sure .1"), mix("yes .3 no .5 not_sure .2"), skip=0.06
        ),
        "respect": Closed(AGREE_GOOD, AGREE_BAD),
        "fair": Closed(
            mix("strongly_agree .42 agree .4 neither .12 disagree .04 strongly_disagree .02"),
            mix("strongly_agree .02 agree .08 neither .2 disagree .32 strongly_disagree .38"),
        ),
        "satisfaction": Closed(
            mix(
                "very_satisfied .5 satisfied .38 neither .08 dissatisfied .03 very_dissatisfied .01"
            ),
            mix(
                "very_satisfied .02 satisfied .06 neither .17 dissatisfied .35 very_dissatisfied .4"
            ),
        ),
        "confidence_change": Closed(
            mix("more_confident .35 no_change .58 less_confident .07"),
            mix("more_confident .03 no_change .3 less_confident .67"),
        ),
        "scrutiny_interest": Closed(mix("yes .2 no .8"), mix("yes .35 no .65"), skip=0.15),
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
                triggered_by(
                    "told_grounds",
                    "yes",
                    "He explained why I was being searched",
                    "Told me the grounds clearly",
                    "Explained the reason for the search before starting",
                    tones="good",
                ),
                triggered_by(
                    "bwv_on",
                    "yes",
                    "Told me the body camera was on",
                    "Had his camera on so I felt safer",
                    tones="good",
                ),
                triggered_by(
                    "told_record", "yes", "Told me how to get a copy of the record", tones="good"
                ),
                triggered_by(
                    "officer_identified", "yes", "Gave me his name and station", tones="good"
                ),
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
                triggered_by(
                    "told_grounds",
                    "no not_sure",
                    "Explain why I was searched",
                    "Tell me the grounds for the search",
                    "Tell people why you are searching them",
                    tones="bad neutral",
                ),
                triggered_by(
                    "ethnic_group",
                    "black mixed",
                    "It felt like racial profiling",
                    "Stop searching young black men for nothing",
                    "I was searched because of my colour",
                ),
                triggered_by("told_object", "no", "Tell me what you were looking for"),
                triggered_by(
                    "handcuffed",
                    "yes",
                    "The handcuffs were not needed, I wasn't resisting",
                    "Don't handcuff someone who is cooperating",
                ),
                triggered_by(
                    "bwv_on",
                    "no not_sure",
                    "Turn the body-worn camera on",
                    "Switch your camera on so there is a record",
                ),
                triggered_by("officer_identified", "no", "Give your name and number when asked"),
                triggered_by("told_record", "no", "Tell people how to get the search record"),
            ),
        ),
    },
)

"""The respondent model of the listening session survey (answered after a community event)."""

from __future__ import annotations

from app.services.demo.respondent_model import (
    AGREE_GOOD,
    PNTS,
    Closed,
    FreeText,
    ShiftedFrom,
    SurveyModel,
    mix,
    triggered_by,
)

LISTENING_SESSION = SurveyModel(
    share=0.15,
    groups=mix("white .6 asian .15 black .14 mixed .07 other .04"),
    experience=mix("white .7 asian .64 other .62 mixed .56 black .5"),
    areas={},  # the event's area
    not_stated=(0.07, 0.08),
    ages=mix("under_18 -.03 18_24 -.03"),
    equality={
        "age_band": mix(
            f"under_18 .08 18_24 .14 25_34 .18 35_44 .18 45_54 .16 55_64 .13 65_plus .1 {PNTS} .03"
        ),
        "sex": mix(f"female .52 male .45 {PNTS} .03"),
        "long_term_condition": mix(f"yes .22 no .72 {PNTS} .06"),
    },
    questions={
        "listened_to": Closed(
            AGREE_GOOD,
            mix("strongly_agree .05 agree .2 neither .3 disagree .25 strongly_disagree .2"),
        ),
        "useful": Closed(
            mix("very_useful .5 fairly_useful .4 not_very_useful .08 not_useful_at_all .02"),
            mix("very_useful .1 fairly_useful .35 not_very_useful .35 not_useful_at_all .2"),
        ),
        "trust_before": Closed(
            mix("a_lot .2 a_fair_amount .4 some .25 not_much .1 not_at_all .05"),
            mix("a_lot .03 a_fair_amount .12 some .3 not_much .3 not_at_all .25"),
        ),
        "trust_after": ShiftedFrom("trust_before", better=0.4, worse=0.15),
        "attend_again": Closed(
            mix("yes .8 no .05 not_sure .15"), mix("yes .35 no .35 not_sure .3")
        ),
        "hear_back": Closed(mix("yes .6 no .4"), mix("yes .55 no .45"), skip=0.1),
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
                triggered_by(
                    "ethnic_group",
                    "black mixed",
                    "Stop and search of black boys",
                    "Racism and being treated as suspects",
                    "Our young men get stopped all the time",
                    tones="bad neutral",
                ),
                triggered_by(
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

"""The rule-based scorer: directions, each fix for survey answers, questions, robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.sentiment import LEXICON_VERSION, MIN_CODED, question_kind, score_text, score_texts

DID_WELL = "What, if anything, did the officer do well?"
DO_BETTER = "What could the officer have done better?"
DIFFERENTLY = "What one thing should the police do differently?"
STAY = "What would make you stay?"
ANYTHING_ELSE = "Is there anything else you want the force to know?"

_vader = SentimentIntensityAnalyzer()


def vader(text: str) -> float:
    return _vader.polarity_scores(text)["compound"]


@pytest.mark.parametrize(
    "text",
    [
        "The officer was polite and respectful.",
        "He explained everything and put me at ease",
        "Very professional, thank you",
        "I felt safe and listened to",
        "He was not rude at all",
    ],
)
def test_positive_answers(text: str) -> None:
    assert score_text(text) > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "The officer was rude and aggressive.",
        "I felt humiliated and profiled.",
        "Treated me like a criminal",
        "He never explained why",
        "Searched me for no reason in front of everyone",
        "It was racist, plain and simple",
    ],
)
def test_negative_answers(text: str) -> None:
    assert score_text(text) < -0.3


def test_sentences_are_scored_separately() -> None:
    text = "Never again. Worst service ever!"
    assert vader(text) > 0  # VADER's "never" negates "worst" across the full stop
    assert score_text(text) < -0.5


def test_a_negation_does_not_reach_past_a_comma() -> None:
    text = "Nothing, he was fine"
    assert vader(text) < 0
    assert score_text(text) > 0


def test_nothing_is_good_news_when_asked_what_could_be_better() -> None:
    assert score_text("Nothing, he was fine", DO_BETTER) > 0.3
    assert score_text("Nothing", DO_BETTER) > 0.2
    assert score_text("Nothing really, all good", DIFFERENTLY) > 0.3
    assert score_text("no", DO_BETTER) > 0


def test_nothing_is_bad_news_when_asked_what_went_well() -> None:
    assert score_text("Nothing", DID_WELL) < -0.3
    assert score_text("Nothing at all.", DID_WELL) < -0.3
    assert score_text("No", STAY) < -0.3
    assert score_text("Nothing, he was rude", DID_WELL) < score_text("Nothing", DID_WELL)


def test_nothing_is_neutral_when_the_question_is_open() -> None:
    assert score_text("Nothing", ANYTHING_ELSE) == 0
    assert score_text("Nothing") == 0


def test_suggestions_after_what_could_be_better_are_not_praise() -> None:
    assert score_text("Be more polite", DO_BETTER) < 0
    assert score_text("Better communication", DIFFERENTLY) < 0
    assert score_text("Nothing, he was polite", DO_BETTER) > 0
    assert score_text("He was rude", DO_BETTER) < 0


def test_could_have_been_is_a_complaint() -> None:
    assert vader("It could have been better") > 0
    assert score_text("It could have been better") < 0
    assert score_text("He could have been more polite") < 0
    assert score_text("He was polite but could have explained more") > 0


def test_questions_are_read_per_answer() -> None:
    texts = ["Nothing", "Nothing", "Nothing"]
    scores = score_texts(texts, [DO_BETTER, DID_WELL, None])
    assert scores[0] > 0 > scores[1]
    assert scores[2] == 0


@pytest.mark.parametrize(
    "word",
    ["search", "stop", "arrest", "crime", "suspect", "victim", "complaint", "police", "weapon"],
)
def test_topic_words_are_not_negative_by_themselves(word: str) -> None:
    assert score_text(f"the {word}") == 0


@pytest.mark.parametrize(
    "text",
    [
        "I was stopped and searched",
        "The police arrested a suspect",
        "I reported a crime as a victim",
        "The complaint form was on the search record",
    ],
)
def test_topic_sentences_are_neutral(text: str) -> None:
    assert vader(text) < 0
    assert score_text(text) == 0


def test_stop_as_a_command_is_still_negative() -> None:
    assert score_text("Stop searching young people for nothing") < 0


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("polite", 1),
        ("professional", 1),
        ("approachable", 1),
        ("unsafe", -1),
        ("afraid", -1),
        ("profiled", -1),
        ("patronising", -1),
        ("condescending", -1),
        ("manhandled", -1),
    ],
)
def test_domain_words_missing_from_vader_are_scored(word: str, sign: int) -> None:
    text = f"I felt he was {word}"
    assert vader(text) == 0
    assert score_text(text) * sign > 0.2


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("harassed", -1),
        ("rude", -1),
        ("respectful", 1),
        ("intimidating", -1),
        ("humiliated", -1),
        ("racist", -1),
    ],
)
def test_domain_words_in_vader_keep_their_direction(word: str, sign: int) -> None:
    assert score_text(f"I felt he was {word}") * sign > 0.2


def test_emoji_count() -> None:
    assert score_text("\U0001f620\U0001f620") < 0 < score_text("\U0001f600")


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_text_scores_zero(text: str | None) -> None:
    assert score_text(text) == 0.0
    assert score_texts([text]) == [0.0]


def test_questions_must_match_texts() -> None:
    with pytest.raises(ValueError, match="questions"):
        score_texts(["a", "b"], ["only one"])


def test_question_kinds_of_the_built_in_surveys() -> None:
    assert question_kind(DID_WELL) == "praise"
    assert question_kind(STAY) == "praise"
    assert question_kind(DO_BETTER) == "criticism"
    assert question_kind(DIFFERENTLY) == "criticism"
    assert question_kind("What are the biggest issues for you and your community?") == "criticism"
    assert question_kind(ANYTHING_ELSE) is None
    assert question_kind("What went well and what could be better?") is None
    assert question_kind(None) is None


def test_constants() -> None:
    assert LEXICON_VERSION.startswith("vader3.3.2+lp")
    assert MIN_CODED >= 100


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=80)))
def test_any_string_scores_within_range_deterministically(text: str, question: str | None) -> None:
    first = score_texts([text], [question])[0]
    assert -1.0 <= first <= 1.0
    assert score_texts([text], [question]) == [first]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "not",
                "no",
                "never",
                "nothing",
                "but",
                "good",
                "bad",
                "BAD",
                "!",
                "?",
                ",",
                ".",
                "very",
                "kind",
                "of",
                "least",
                "at",
                "could",
                "have",
                "stop",
                ":)",
                "\U0001f600",
            ]
        ),
        max_size=40,
    ).map(" ".join),
    st.sampled_from([None, DID_WELL, DO_BETTER]),
)
def test_rule_heavy_strings_stay_in_range(text: str, question: str | None) -> None:
    assert -1.0 <= score_text(text, question) <= 1.0

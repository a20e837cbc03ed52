"""Text basics: normalising, sentences, tokens, stems, stop words, negation marking."""

from __future__ import annotations

from analysis.text import (
    STOP_WORDS,
    bag_of_terms,
    content_stems,
    is_negation,
    negation_marked_stems,
    normalise,
    split_clauses,
    split_sentences,
    stem,
    tokenise,
)


def test_normalise_applies_nfkc_quotes_and_whitespace() -> None:
    assert normalise("ＰＣ  Ｓｍｉｔｈ\u00a0was\tfine") == "PC Smith was fine"
    assert normalise("He didn\u2019t say \u201cwhy\u201d \u2014 ok") == 'He didn\'t say "why" - ok'


def test_normalise_drops_invisible_and_control_characters_but_keeps_line_breaks() -> None:
    assert normalise("a\u200bb\x00c\r\n\n  d  ") == "abc\nd"
    assert normalise("lone \ud800 surrogate") == "lone surrogate"


def test_normalise_blank() -> None:
    assert normalise("") == ""
    assert normalise(" \n\t ") == ""


def test_split_sentences_on_end_punctuation_and_line_breaks() -> None:
    text = "Never again. Worst service ever!  Why?\nThanks anyway"
    assert split_sentences(text) == ["Never again.", "Worst service ever!", "Why?", "Thanks anyway"]


def test_split_sentences_keeps_abbreviations_and_initials() -> None:
    text = "PC. Smith and Dr. Jones came, e.g. at noon. Mr. X said hi."
    assert split_sentences(text) == [
        "PC. Smith and Dr. Jones came, e.g. at noon.",
        "Mr. X said hi.",
    ]


def test_split_clauses_stops_at_commas_dashes_and_but() -> None:
    assert split_clauses("Nothing, he was fine - really but slow") == [
        "Nothing",
        "he was fine",
        "really",
        "slow",
    ]


def test_tokenise_lowercases_keeps_contractions_and_splits_hyphens() -> None:
    assert tokenise("He DIDN\u2019T switch the body-worn camera on, café") == [
        "he",
        "didn't",
        "switch",
        "the",
        "body",
        "worn",
        "camera",
        "on",
        "café",
    ]


def test_stem_is_snowball() -> None:
    assert stem("explained") == stem("explain") == "explain"
    assert stem("respectful") == "respect"


def test_stop_words_are_sklearn_minus_negations() -> None:
    assert "the" in STOP_WORDS
    assert {"not", "no", "never", "nothing", "without"}.isdisjoint(STOP_WORDS)
    assert content_stems("The officer was not polite") == ["offic", "not", "polit"]


def test_is_negation() -> None:
    assert all(map(is_negation, ["not", "never", "didn't", "wasn't", "nothing", "dont"]))
    assert not any(map(is_negation, ["note", "know", "nothingness"]))


def test_negation_marking_reaches_three_words_within_the_clause() -> None:
    assert negation_marked_stems("He was not rude at all, very helpful") == [
        "not",
        "not_rude",
        "help",
    ]
    assert negation_marked_stems("never explained the grounds to me") == [
        "not",
        "not_explain",
        "not_ground",
    ]


def test_bag_of_terms_has_unigrams_and_bigrams() -> None:
    assert bag_of_terms("polite officer explained grounds") == [
        "polit",
        "offic",
        "explain",
        "ground",
        "polit offic",
        "offic explain",
        "explain ground",
    ]

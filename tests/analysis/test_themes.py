"""Seed matching, the theme classifier and emerging-theme discovery."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from analysis.themes import (
    SURVEY_SLUGS,
    ThemeClassifier,
    discover_themes,
    load_seeds,
    load_taxonomy,
    match_seeds,
    seed_taxonomy,
)

TAXONOMY = {
    "Manner": ["rude", "polite", "respect", "not listened to"],
    "Force": ["handcuffs", "handcuffed", "use of force"],
    "Video": ["body worn camera", "bodycam"],
    "Grounds": ["explain", "grounds", "no reason"],
    "Parking": [],
}


def themes_of(text: str, taxonomy: dict[str, list[str]] = TAXONOMY) -> set[str]:
    return set(match_seeds([text], taxonomy)[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They HANDCUFFED me", {"Force"}),
        ("the handcuffs were too tight", {"Force"}),
        ("Explained nothing", {"Grounds"}),
        ("The explanation was poor", set()),  # "explan" is not the stem "explain"
        ("His body-worn cameras were off", {"Video"}),
        ("Body worn camera on; use of force justified", {"Video", "Force"}),
        ("His body was worn out", set()),  # phrase words must be adjacent
        ("The use of reasonable force", set()),
    ],
)
def test_seeds_match_stems_and_phrases(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


def test_negated_negative_seed_does_not_count() -> None:
    assert themes_of("He was rude") == {"Manner"}
    assert themes_of("He was not rude at all") == set()
    assert themes_of("Wasn't rude, just slow") == set()
    assert themes_of("No, he was rude") == {"Manner"}  # the negation ends at the comma


def test_negated_neutral_or_positive_seeds_still_count() -> None:
    assert themes_of("He never explained the grounds") == {"Grounds"}
    assert themes_of("Not polite") == {"Manner"}
    assert themes_of("I was not handcuffed") == {"Force"}


def test_seeds_that_contain_a_negation_match_literally() -> None:
    assert themes_of("I was not listened to") == {"Manner"}
    assert themes_of("Searched me for no reason") == {"Grounds"}


def test_match_seeds_reports_the_seeds_found() -> None:
    found = match_seeds(["Rude, and no reason given", None], TAXONOMY)
    assert found == [{"Manner": ["rude"], "Grounds": ["no reason"]}, {}]


def test_unfitted_classifier_uses_seeds_alone() -> None:
    texts = ["He was rude", "The bodycam was off and he was polite", "Parking is awful", ""]
    predicted = ThemeClassifier(TAXONOMY).predict(texts)
    assert predicted == [{"Manner"}, {"Video", "Manner"}, set(), set()]
    assert ThemeClassifier(TAXONOMY).predict_proba(texts).shape == (4, 5)


def _coded(n: int, seed: int = 0) -> tuple[list[str], list[set[str]]]:
    rng = random.Random(seed)
    parking = ["cars parked on the pavement", "double parking outside school", "parked vans"]
    manner = ["he was rude", "very polite officer", "spoke with respect"]
    other = ["it was quick", "fine thanks", "took ten minutes", "nothing to add"]
    texts, labels = [], []
    for _ in range(n):
        kind = rng.choice(["parking", "manner", "other"])
        pool = {"parking": parking, "manner": manner, "other": other}[kind]
        texts.append(f"{rng.choice(pool)} {rng.choice(['', 'today', 'again', 'honestly'])}")
        labels.append(
            {"Parking"} if kind == "parking" else {"Manner"} if kind == "manner" else set()
        )
    return texts, labels


def test_fitted_classifier_learns_a_theme_without_seeds() -> None:
    texts, labels = _coded(200)
    model = ThemeClassifier(TAXONOMY).fit(texts, labels)
    assert model.estimators_["Parking"] is not None
    assert "Parking" in model.predict(["people parked across my drive"])[0]
    assert "Parking" not in ThemeClassifier(TAXONOMY).predict(["people parked across my drive"])[0]


def test_themes_without_enough_examples_keep_their_seeds() -> None:
    texts, labels = _coded(200)
    model = ThemeClassifier(TAXONOMY, min_examples=5).fit(texts, labels)
    assert model.estimators_["Video"] is None
    assert "Video" in model.predict(["no bodycam"])[0]


def test_fit_is_deterministic() -> None:
    texts, labels = _coded(150)
    probe = ["rude parking", "polite", "parked badly", "handcuffs"]
    first = ThemeClassifier(TAXONOMY).fit(texts, labels).predict_proba(probe)
    second = ThemeClassifier(TAXONOMY).fit(texts, labels).predict_proba(probe)
    assert np.array_equal(first, second)


def test_fit_rejects_unknown_labels_and_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="not in the taxonomy"):
        ThemeClassifier(TAXONOMY).fit(["a"], [{"Nonsense"}])
    with pytest.raises(ValueError, match="label sets"):
        ThemeClassifier(TAXONOMY).fit(["a", "b"], [set()])


def test_changed_taxonomy_needs_a_new_fit() -> None:
    texts, labels = _coded(100)
    model = ThemeClassifier(dict(TAXONOMY)).fit(texts, labels)
    model.taxonomy["New theme"] = ["new"]
    with pytest.raises(NotFittedError):
        model.predict(["anything"])


@pytest.mark.parametrize(("slug", "count"), [("stop-search", 10), ("listening-session", 8),
                                              ("say-to-stay", 9)])  # fmt: skip
def test_starting_taxonomies_load(slug: str, count: int) -> None:
    themes = load_taxonomy(slug)
    assert len(themes) == count
    for theme in themes:
        assert theme.description.endswith(".")
        assert len(theme.seeds) >= 10
        assert all(seed.strip() for seed in theme.seeds)
    assert seed_taxonomy(themes) == load_seeds(slug)
    assert set(SURVEY_SLUGS) == {"stop-search", "listening-session", "say-to-stay"}


@pytest.mark.parametrize("slug", ["unknown", "../../etc/passwd", ""])
def test_unknown_taxonomy_is_refused(slug: str) -> None:
    with pytest.raises(ValueError, match="no starting taxonomy"):
        load_taxonomy(slug)


@pytest.mark.parametrize(
    ("slug", "text", "expected"),
    [
        ("stop-search", "He never told me why I was stopped", {"Explanation of grounds"}),
        ("stop-search", "Cuffed me in front of my neighbours",
         {"Use of force and handcuffs", "Public embarrassment"}),
        ("stop-search", "His body worn camera was switched off", {"Body-worn video"}),
        ("stop-search", "Stopped again because I'm black", {"Fairness and profiling"}),
        ("stop-search", "My 15 year old son, no parent present", {"Youth and parents"}),
        ("listening-session", "Knife crime and county lines", {"Drugs and gangs"}),
        ("listening-session", "More bobbies on the beat please", {"Visibility and response times"}),
        ("say-to-stay", "Cancelled rest days and a huge workload",
         {"Workload", "Flexibility and shifts"}),
        ("say-to-stay", "My pension and pay have fallen behind", {"Pay and pension"}),
        ("say-to-stay", "Shift patterns make childcare impossible", {"Flexibility and shifts"}),
    ],
)  # fmt: skip
def test_starting_taxonomies_recognise_typical_answers(
    slug: str, text: str, expected: set[str]
) -> None:
    assert ThemeClassifier(load_seeds(slug)).predict([text])[0] == expected


def _topics(seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    topics = [
        ["parking", "pavement", "cars", "vans", "driveway"],
        ["drugs", "dealing", "cannabis", "dealers", "needles"],
        ["streetlights", "dark", "lighting", "lamps", "alleyway"],
    ]
    texts = []
    for index in range(120):
        words = rng.sample(topics[index % 3], 3)
        texts.append(f"Worried about {words[0]} and {words[1]} near the {words[2]}")
    return texts


def test_discover_themes_finds_planted_topics_deterministically() -> None:
    texts = _topics()
    found = discover_themes(texts, 3, random_state=0)
    assert found == discover_themes(texts, 3, random_state=0)
    assert len(found) == 3
    assert sum(theme.size for theme in found) == len(texts)
    term_sets = [set(theme.terms) for theme in found]
    for planted in (
        {"parking", "pavement", "cars"},
        {"drugs", "dealing", "cannabis"},
        {"streetlights", "dark", "lighting"},
    ):
        assert any(len(planted & terms) >= 2 for terms in term_sets)
    for theme in found:
        assert len(theme.examples) == 3
        assert theme.label == " / ".join(theme.terms[:3])


def test_discover_themes_is_deterministic_on_noisy_answers() -> None:
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(40)]
    texts = [" ".join(rng.sample(vocabulary, 6)) for _ in range(200)]
    first = discover_themes(texts, 5, random_state=3)
    assert len(first) == 5
    assert all(discover_themes(texts, 5, random_state=3) == first for _ in range(3))


def test_discover_themes_reports_what_the_taxonomy_misses() -> None:
    found = discover_themes(_topics(), 3, taxonomy={"Drugs": ["drugs", "cannabis", "dealing"]})
    by_topic = {("drugs" in theme.terms or "cannabis" in theme.terms): theme for theme in found}
    assert by_topic[True].uncovered == 0.0
    assert by_topic[False].uncovered == 1.0


def test_discover_themes_masks_examples_and_handles_edges() -> None:
    texts = ["Call me on 07700 900123 about parking"] * 3 + ["parking again"] * 3
    found = discover_themes(texts, 2)
    assert all("07700" not in example for theme in found for example in theme.examples)
    assert discover_themes(["", "   ", None], 3) == []
    assert discover_themes(["the and of"], 2) == []
    with pytest.raises(ValueError, match="k must be"):
        discover_themes(texts, 0)

"""SentimentModel: learns from coded answers, is deterministic, versioned and saved."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from analysis.sentiment import LEXICON_VERSION, SentimentModel, score_texts

NEGATIVE = ["They stonewalled me", "He fobbed me off", "They blanked me", "He was rude"]
POSITIVE = ["She sorted it out quickly", "Sorted it there and then", "He was lovely"]
FILLER = ["on Tuesday", "near the station", "", "after school", "in the evening", "twice"]


def coded(n: int, seed: int = 0) -> tuple[list[str], list[float]]:
    """Answers whose sentiment rides on words the lexicon does not know."""
    rng = random.Random(seed)
    texts, scores = [], []
    for _ in range(n):
        negative = rng.random() < 0.5
        texts.append(f"{rng.choice(NEGATIVE if negative else POSITIVE)} {rng.choice(FILLER)}")
        scores.append(-0.7 if negative else 0.7)
    return texts, scores


@pytest.fixture(scope="module")
def fitted() -> SentimentModel:
    texts, scores = coded(300)
    return SentimentModel().fit(texts, scores)


def test_learns_vocabulary_the_lexicon_lacks(fitted: SentimentModel) -> None:
    new = ["They stonewalled me at the station", "She sorted it out for us"]
    assert score_texts(new) == [0.0, 0.0]
    learned = fitted.score_texts(new)
    assert learned[0] < -0.3
    assert learned[1] > 0.3


def test_keeps_the_lexicon_for_words_it_has_not_seen(fitted: SentimentModel) -> None:
    good, bad = fitted.score_texts(["The officer was wonderful", "The officer was horrible"])
    assert good > bad


def test_scores_are_clipped_rounded_and_blank_is_zero(fitted: SentimentModel) -> None:
    scores = fitted.score_texts(["Fobbed off " * 50, "", "   ", None])
    assert -1.0 <= scores[0] <= 1.0
    assert scores[1:] == [0.0, 0.0, 0.0]
    assert fitted.score_texts([]) == []


def test_fit_is_deterministic_and_versioned() -> None:
    texts, scores = coded(120)
    first = SentimentModel(random_state=3).fit(texts, scores)
    second = SentimentModel(random_state=3).fit(texts, scores)
    assert first.version == second.version
    assert first.version.startswith("sm-")
    probe = ["fobbed off", "sorted", "fine"]
    assert first.score_texts(probe) == second.score_texts(probe)


def test_version_changes_with_data_and_params() -> None:
    texts, scores = coded(120)
    base = SentimentModel().fit(texts, scores).version
    assert SentimentModel().fit(texts, [-s for s in scores]).version != base
    assert SentimentModel(alpha=2.0).fit(texts, scores).version != base
    questions = ["What could the officer have done better?"] * len(texts)
    assert SentimentModel().fit(texts, scores, questions).version != base


def test_fit_returns_self_and_follows_estimator_conventions() -> None:
    model = SentimentModel(alpha=0.5)
    texts, scores = coded(50)
    assert model.fit(texts, scores) is model
    assert model.n_train_ == 50
    assert model.lexicon_version_ == LEXICON_VERSION
    fresh = clone(model)
    assert fresh.get_params()["alpha"] == 0.5
    assert not hasattr(fresh, "regressor_")


def test_unfitted_model_refuses_to_score() -> None:
    with pytest.raises(NotFittedError):
        SentimentModel().score_texts(["hello"])
    with pytest.raises(NotFittedError):
        _ = SentimentModel().version


@pytest.mark.parametrize(
    ("texts", "scores", "message"),
    [
        (["a", "b"], [0.5], "same length"),
        (["a"], [0.5], "at least 2"),
        (["a", "b"], [0.5, 1.5], "within"),
        (["a", "b"], [0.5, float("nan")], "within"),
    ],
)
def test_fit_validates_input(texts: list[str], scores: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SentimentModel().fit(texts, scores)


def test_rescaling_keeps_rank_order() -> None:
    texts, scores = coded(200)
    probe = ["fobbed off twice", "sorted it", "blanked me", "wonderful", "on Tuesday"]
    raw = SentimentModel(rescale=False).fit(texts, scores).score_texts(probe)
    stretched = SentimentModel(rescale=True).fit(texts, scores).score_texts(probe)
    assert list(np.argsort(raw)) == list(np.argsort(stretched))
    assert np.std(stretched) >= np.std(raw)


def test_round_trip_through_bytes_and_files(fitted: SentimentModel, tmp_path: Path) -> None:
    probe = ["fobbed off", "sorted it out", "rude"]
    again = SentimentModel.from_bytes(fitted.to_bytes())
    assert again.version == fitted.version
    assert again.score_texts(probe) == fitted.score_texts(probe)
    path = tmp_path / "model.bin"
    fitted.save(path)
    assert SentimentModel.load(path).score_texts(probe) == fitted.score_texts(probe)


def test_load_refuses_a_model_from_another_lexicon(fitted: SentimentModel) -> None:
    other = clone(fitted).fit(*coded(40))
    other.lexicon_version_ = "vader3.3.2+lp0-0000000000"
    with pytest.raises(ValueError, match="fit it again"):
        SentimentModel.from_bytes(other.to_bytes())


def test_load_refuses_other_pickles() -> None:
    import pickle

    with pytest.raises(ValueError, match="not a saved SentimentModel"):
        SentimentModel.from_bytes(pickle.dumps({"format": "something else"}))

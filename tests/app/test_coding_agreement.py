"""How often the machine agrees with the coders, measured the way the coding page says it is:
scores read on the coders' five-point scale, and agreement figures that match sklearn's."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sklearn.metrics import cohen_kappa_score

from app.services import coding


@pytest.mark.parametrize(
    ("score", "point"),
    [
        (0.0, 0),
        (0.24, 0),
        (-0.24, 0),
        (0.25, 1),
        (-0.25, -1),
        (0.5, 1),
        (0.74, 1),
        (0.75, 2),
        (-0.75, -2),
        (1.0, 2),
        (-1.0, -2),
    ],
)
def test_a_score_is_read_as_the_nearest_point_of_the_five_point_scale(score, point):
    assert coding.five_point(score) == point


def test_agreement_figures_match_sklearn():
    coded = [-2, -1, 0, 1, 2, 2, 0, -1, 1, 0]
    scores = [-0.9, 0.1, 0.0, 0.6, 0.3, -0.4, 0.3, -0.3, 0.9, -0.1]
    result = coding.sentiment_agreement(coded, scores)
    machine = [coding.five_point(s) for s in scores]
    sign = [(c > 0) - (c < 0) for c in coded]
    machine_sign = [(c > 0) - (c < 0) for c in machine]
    assert result.n == 10
    assert result.accuracy == pytest.approx(
        sum(a == b for a, b in zip(sign, machine_sign, strict=True)) / 10
    )
    assert result.kappa == pytest.approx(cohen_kappa_score(sign, machine_sign), abs=1e-4)
    assert result.weighted_kappa == pytest.approx(
        cohen_kappa_score(coded, machine, weights="quadratic"), abs=1e-4
    )
    assert result.accuracy_low < result.accuracy < result.accuracy_high


def test_kappa_is_none_when_it_cannot_be_measured():
    result = coding.sentiment_agreement([-1, -1, -2], [-0.5, -0.9, -0.7])
    assert result.accuracy == 1.0
    assert result.kappa is None
    assert coding.interpret_kappa(None)[0] == "cannot be measured"


@pytest.mark.parametrize(
    ("kappa", "strength"),
    [(0.9, "almost perfect"), (0.7, "substantial"), (0.5, "moderate"), (0.3, "fair"),
     (0.1, "slight"), (0.0, "no"), (-0.2, "no")],
)  # fmt: skip
def test_kappa_is_explained_in_plain_words(kappa, strength):
    assert coding.interpret_kappa(kappa)[0] == strength


def _kappa_sentence(app: Flask, kappa: float | None) -> str:
    """The sentence the coding page shows about a kappa, as an analyst reads it."""
    agreement = coding.sentiment_agreement([-2, -1, 0, 1, 2], [-0.9, -0.3, 0.0, 0.4, 0.9])
    agreement = dataclasses.replace(agreement, kappa=kappa)
    with app.test_request_context():
        macros = app.jinja_env.get_template("coding/_figures.html").module
        html = str(macros.sentiment_agreement(agreement, coding.interpret_kappa, "The model"))
    paragraphs = BeautifulSoup(html, "html.parser").select("p")
    return next(" ".join(p.get_text().split()) for p in paragraphs if "kappa" in p.get_text())


@pytest.mark.parametrize(
    ("kappa", "sentence"),
    [
        (0.9, "Cohen's kappa is 0.90: almost perfect agreement beyond chance."),
        (0.3, "Cohen's kappa is 0.30: fair agreement beyond chance."),
        (0.1, "Cohen's kappa is 0.10: slight agreement beyond chance."),
        (-0.2, "Cohen's kappa is -0.20: no agreement beyond chance."),
        (None, "Cohen's kappa cannot be measured."),
    ],
)
def test_the_coding_page_says_how_strong_the_agreement_is_once(app: Flask, kappa, sentence):
    text = _kappa_sentence(app, kappa)
    assert text.startswith(sentence)
    assert text.count("chance") <= 1

"""The chart of every question's figures by group has its key at the top. The chart is taller
than a laptop's window (1,800 px for the six ethnic groups on ten questions), and with the key
under it an analyst met markers they could not name until they had scrolled past them all."""

from __future__ import annotations

import re

from app.services import charts

QUESTIONS = [f"Question {n}?" for n in range(1, 11)]


TEXT = re.compile(r'<text [^>]*y="([\d.]+)"[^>]*>([^<]+)</text>')


def _text_ys(svg: str) -> dict[str, float]:
    """Each piece of text the chart draws, with how far down it is drawn."""
    return {text: float(y) for y, text in TEXT.findall(svg)}


def test_the_key_is_above_the_first_question():
    series = [
        charts.Series("All respondents", [0.5] * 10, overall=True),
        charts.Series("White", [0.6] * 10, index=0),
        charts.Series("Black, Black British, Caribbean or African", [0.4] * 10, index=3),
    ]
    svg = str(charts.dot_chart(QUESTIONS, series, "Chart: test"))
    ys = _text_ys(svg)
    first_question = min(y for text, y in ys.items() if text.startswith("Question"))
    for name in ("All respondents", "White", "Black, Black British, Caribbean or African"):
        assert ys[name] < first_question, (name, ys[name], first_question)
    # In the key's order, as the markers are in each question's band.
    assert ys["All respondents"] < ys["White"] < ys["Black, Black British, Caribbean or African"]

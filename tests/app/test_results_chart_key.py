"""The chart of every question's figures by group has its key at the top. The chart is taller
than a laptop's window (1,800 px for the six ethnic groups on ten questions), and with the key
under it an analyst met markers they could not name until they had scrolled past them all."""

from __future__ import annotations

import re

from app.services import charts
from app.services.chart_drawing import style
from tests.results_data import add_responses, group

QUESTIONS = [f"Question {n}?" for n in range(1, 11)]
BLACK = "Black, Black British, Caribbean or African"


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


def _marker_fills(svg: str) -> set[str]:
    """The colours of the markers drawn, but black (matplotlib leaves a black fill unsaid)
    and the text's colour, which the axes' ticks are drawn in."""
    return set(re.findall(r'<use [^>]*fill="(#[0-9a-f]{6})"', svg)) - {"#0b0c0c"}


def test_the_reference_group_looks_the_same_in_every_chart():
    # White is the first group (index 0) and the reference. In the chart of every question,
    # and in the trend, a black square is all respondents; in the chart of one question it
    # was White, so the same mark named two things a screen apart.
    white, black = style(0).colour.lower(), style(3).colour.lower()
    one_question = str(
        charts.interval_chart(
            [
                charts.Point("White", 0.6, 0.5, 0.7, reference=True, index=0),
                charts.Point("Black", 0.4, 0.3, 0.5, index=3),
            ],
            "Chart: one question",
        )
    )
    every_question = str(
        charts.dot_chart(
            QUESTIONS[:2],
            [
                charts.Series("All respondents", [0.5, 0.5], overall=True),
                charts.Series("White", [0.6, 0.6], index=0),
                charts.Series("Black", [0.4, 0.4], index=3),
            ],
            "Chart: every question",
        )
    )
    assert _marker_fills(one_question) == {white, black}
    assert _marker_fills(every_question) >= {white, black}
    assert "White (reference)" in one_question  # still named as the reference


def test_the_key_of_the_chart_of_every_question_names_the_reference_group(browser, analyst):
    satisfied = {"satisfaction": "satisfied", "respect": "agree"}
    add_responses(group(20, "white", answers=satisfied) + group(20, "black", answers=satisfied))
    for query, reference in (("", "White"), ("?compare=black", BLACK)):
        chart = browser.get(f"/results/stop-search{query}").soup.select_one("#answers svg")
        drawn = [" ".join(text.get_text().split()) for text in chart.select("text")]
        assert f"{reference} (reference)" in drawn, (query, drawn)
        others = {"White", BLACK} - {reference}
        assert others <= set(drawn), (query, drawn)

"""A results page's charts are drawn once for every web worker: stored beside the counts they
show, read by a worker that has not drawn them, never shown for other figures, and gone with
the counts when a response is withdrawn or purged."""

from __future__ import annotations

import random
from collections.abc import Iterator

import matplotlib.figure
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.results import many_groups
from app.services import chart_drawing, results, results_cache
from app.services.results_model import Filters
from models import ResultsCache, Role, db
from tests.pages import Browser
from tests.results_data import Made, add_responses
from tests.staff import signed_in

PAGE = "/results/stop-search?by=ethnic_group"
SPRING = "&start=4&start=2026&end=6&end=2026"


def _made(n: int = 40, month: str = "2026-03", seed: int = 7) -> list[Made]:
    """White and Black respondents' answers, free text and themes: every chart has figures."""
    rng = random.Random(seed)
    made = []
    for ethnic_group, good in (("white", 0.7), ("black", 0.4)):
        for _ in range(n):
            agree = rng.random() < good
            made.append(
                Made(
                    ethnic_group=ethnic_group,
                    month=month,
                    answers={
                        "satisfaction": "satisfied" if agree else "dissatisfied",
                        "respect": "agree" if agree else "disagree",
                    },
                    texts=[
                        (
                            "improve",
                            "Explain why",
                            round(rng.uniform(-1, 1), 3),
                            ["Explanation of grounds"],
                        )
                    ],
                )
            )
    return made


class Drawn:
    """How many charts matplotlib has drawn (each is written out as SVG once)."""

    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[Drawn]:
    counter = Drawn()
    savefig = matplotlib.figure.Figure.savefig

    def counted(figure, *args, **kwargs):
        counter.count += 1
        return savefig(figure, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", counted)
    new_worker()
    yield counter
    new_worker()


def new_worker() -> None:
    """What another worker, or a worker started afresh, has in memory: no chart."""
    with chart_drawing._cache_lock:
        chart_drawing._cache.clear()


def _charts(browser: Browser, url: str = PAGE) -> list[str]:
    page = browser.get(url)
    assert page.status == 200
    found = [str(svg) for svg in page.soup.select("svg[role=img]")]
    assert len(found) >= 4, "the page shows its charts"
    return found


def _stored_charts() -> set[str]:
    return set(db.session.scalars(select(ResultsCache.key).where(ResultsCache.key.like("chart:%"))))


def test_a_chart_drawn_by_one_worker_is_shown_by_another_without_drawing(
    client: FlaskClient, browser: Browser, drawn: Drawn
):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    first = _charts(browser)
    assert drawn.count >= 4
    assert len(_stored_charts()) >= 4

    new_worker()
    drawn.count = 0
    assert _charts(browser) == first  # each one as the first worker drew it
    assert drawn.count == 0


def test_a_withdrawal_or_purge_leaves_no_chart_of_the_deleted_answers(
    client: FlaskClient, browser: Browser, drawn: Drawn
):
    made = add_responses(_made())
    signed_in(client, Role.ANALYST)
    before = _charts(browser)
    assert _stored_charts()

    db.session.delete(made[0])  # what withdrawal and the retention purge do
    db.session.commit()
    assert _stored_charts() == set()

    new_worker()
    drawn.count = 0
    after = _charts(browser)
    assert drawn.count >= 4  # drawn again, from the figures without the deleted answer
    assert not set(after) & set(before)


def test_a_new_response_is_shown_in_charts_drawn_again(
    client: FlaskClient, browser: Browser, drawn: Drawn
):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    before = _charts(browser)

    add_responses(_made(n=5, seed=8))
    new_worker()
    drawn.count = 0
    after = _charts(browser)
    assert drawn.count >= 4
    assert not set(after) & set(before)


def test_different_filters_never_share_a_chart(client: FlaskClient, browser: Browser, drawn: Drawn):
    add_responses(_made())
    add_responses(_made(n=20, month="2026-05", seed=9))
    signed_in(client, Role.ANALYST)
    everything = _charts(browser)
    spring = _charts(browser, PAGE + SPRING)
    # The headline's, the questions', the sentiment's and the trend's figures differ. (Every
    # written answer raises the one theme, so the heat maps' do not: the same figures are the
    # same chart.)
    assert len(set(spring) - set(everything)) >= 4

    # Another worker shows each view's own charts, stored apart.
    new_worker()
    drawn.count = 0
    assert _charts(browser, PAGE + SPRING) == spring
    assert _charts(browser) == everything
    assert drawn.count == 0


def test_a_chart_drawn_by_other_code_is_drawn_again(
    client: FlaskClient, browser: Browser, drawn: Drawn, monkeypatch: pytest.MonkeyPatch
):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    _charts(browser)

    # A worker of another release: its drawing code is not the one that drew them.
    monkeypatch.setattr(chart_drawing, "drawing_version", lambda _module: "another release")
    new_worker()
    drawn.count = 0
    _charts(browser)
    assert drawn.count >= 4


def _page_charts(app: Flask, *, withdrawn=None) -> None:
    """The page's figures read, then (as the page is rendered) its charts drawn; with
    ``withdrawn``, that response is withdrawn between the two."""
    with app.test_request_context(PAGE):
        found = results_cache.consistent(
            lambda: results.survey_results(
                "stop-search", Filters(dimension="ethnic_group"), k=10, k_text=10
            )
        )
        if withdrawn is not None:
            db.session.delete(withdrawn)
            db.session.commit()
        charts = many_groups.page_charts(found)
    assert sum(chart is not None for chart in charts.values()) >= 4


def test_charts_drawn_from_figures_read_before_a_withdrawal_are_not_stored(
    app: Flask, drawn: Drawn
):
    made = add_responses(_made())
    _page_charts(app)
    assert len(_stored_charts()) >= 4

    add_responses(_made(n=3, seed=10))  # new figures, new charts
    new_worker()
    _page_charts(app, withdrawn=made[0])
    assert _stored_charts() == set()


def test_charts_drawn_outside_a_request_are_kept_in_memory_only(app: Flask, drawn: Drawn):
    add_responses(_made())
    found = results_cache.consistent(
        lambda: results.survey_results(
            "stop-search", Filters(dimension="ethnic_group"), k=10, k_text=10
        )
    )
    many_groups.page_charts(found)
    assert drawn.count >= 4
    assert _stored_charts() == set()


def test_refresh_draws_the_default_views_charts_ahead_of_analysts(
    runner, client: FlaskClient, browser: Browser, drawn: Drawn
):
    add_responses(_made())
    result = runner.invoke(args=["results", "refresh"])
    assert result.exit_code == 0, result.output
    assert "stop-search: 8 groupings counted" in result.output
    assert "charts in" in result.output
    assert drawn.count >= 4

    new_worker()
    drawn.count = 0
    signed_in(client, Role.ANALYST)
    for by in ("ethnic_group", "ethnicity", "sex", "month"):
        _charts(browser, f"/results/stop-search?by={by}")
    assert drawn.count == 0

    # A second refresh finds them stored, and draws none.
    new_worker()
    assert runner.invoke(args=["results", "refresh"]).exit_code == 0
    assert drawn.count == 0

"""`flask demo seed` and `flask demo links`, judged by what an analyst or a tester would see:
how many responses, when, from the same seed the same ones, and links that work. What the
seeded answers hold is in test_demo_answers.py, PostgreSQL's bulk load in
test_demo_postgres_load.py."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.services.retention import months_before
from models import (
    Area,
    Event,
    Link,
    LinkKind,
    Response,
    Role,
    Survey,
    SurveyVersion,
    ThemeTaxonomy,
    User,
    db,
    today,
)
from tests.app.demo_helpers import SLUGS, answers_by_response, seed
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

UK = ZoneInfo("Europe/London")


def responses_by_survey() -> dict[str, int]:
    rows = db.session.execute(
        select(Survey.slug, func.count(Response.id))
        .join(Response, Response.survey_id == Survey.id)
        .group_by(Survey.slug)
    )
    return dict(rows.all())


def test_seed_adds_exactly_the_number_asked_for_across_all_three_surveys(runner):
    result = seed(runner, 2000)

    assert "Added 2,000 responses" in result.output
    counts = responses_by_survey()
    assert sum(counts.values()) == 2000
    assert set(counts) == set(SLUGS)
    assert counts["stop-search"] > 0.6 * 2000  # stop and search is most of the feedback
    assert min(counts.values()) > 0.1 * 2000
    codes = set(db.session.scalars(select(Area.code)))
    assert {"north", "south", "east", "west", "central"} <= codes


def test_dates_fill_the_eighteen_whole_months_before_this_one_and_sessions_follow_their_event(
    runner,
):
    seed(runner, 2000)
    first, last = db.session.execute(
        select(func.min(Response.submitted_on), func.max(Response.submitted_on))
    ).one()
    this_month = today().replace(day=1)
    assert months_before(this_month, 18) <= first and last < this_month
    assert (last - first).days > 450  # really spread, not bunched
    # No survey has a month so small that its results must hide every month's count:
    # listening sessions' answers come in bursts, and stay in their session's month.
    by_month = db.session.execute(
        select(Survey.slug, Response.submitted_month, func.count())
        .join(Survey, Survey.id == Response.survey_id)
        .group_by(Survey.slug, Response.submitted_month)
    ).all()
    assert len({month for _, month, _ in by_month}) == 18
    assert all(n >= 10 for _, _, n in by_month), [row for row in by_month if row[2] < 10]
    for on, month in db.session.execute(select(Response.submitted_on, Response.submitted_month)):
        assert month == on.strftime("%Y-%m")
        assert on.day == 1  # as a real response, the demo's keep only their month

    sessions = db.session.execute(
        select(Response.submitted_on, Response.area_id, Event.held_on, Event.area_id)
        .join(Survey, Survey.id == Response.survey_id)
        .outerjoin(Event, Event.id == Response.event_id)
        .where(Survey.slug == "listening-session")
    ).all()
    assert sessions
    for submitted_on, area_id, held_on, event_area_id in sessions:
        assert held_on is not None, "every session response belongs to an event"
        # Sent within a week of the session, and kept as the first day of that month.
        assert held_on.replace(day=1) <= submitted_on <= held_on + dt.timedelta(days=7)
        assert area_id == event_area_id


def test_the_same_seed_gives_the_same_responses_and_hashes_stay_unique(runner):
    def fingerprint() -> list[tuple]:
        answers = answers_by_response()
        rows = db.session.execute(
            select(
                Response.id,
                Survey.slug,
                Response.submitted_on,
                Area.code,
                Event.name,
                Response.language,
                Response.ethnicity,
                Response.age_band,
                Response.religion,
                Response.disability,
            )
            .join(Survey, Survey.id == Response.survey_id)
            .outerjoin(Area, Area.id == Response.area_id)
            .outerjoin(Event, Event.id == Response.event_id)
            .order_by(Response.id)
        ).all()
        return [(*row[1:], sorted(answers[row[0]].items(), key=str)) for row in rows]

    seed(runner, 600, seed=11)
    first = fingerprint()
    first_hashes = set(db.session.scalars(select(Response.withdrawal_hash)))
    events = db.session.scalar(select(func.count()).select_from(Event))

    db.session.execute(Response.__table__.delete())
    db.session.commit()
    seed(runner, 600, seed=11)
    assert fingerprint() == first
    second_hashes = set(db.session.scalars(select(Response.withdrawal_hash)))
    assert db.session.scalar(select(func.count()).select_from(Event)) == events  # reused

    seed(runner, 600, seed=12)
    assert fingerprint()[600:] != first

    hashes = list(db.session.scalars(select(Response.withdrawal_hash)))
    assert len(hashes) == len(set(hashes)) == 1200
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    assert not first_hashes & second_hashes  # never derived from the seed


def test_if_empty_seeds_an_empty_database_and_leaves_a_full_one_alone(runner):
    seed(runner, 300, 1, "--if-empty")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 300

    result = seed(runner, 500, 2, "--if-empty")
    assert "already 300 responses" in result.output
    assert db.session.scalar(select(func.count()).select_from(Response)) == 300


def test_seed_refuses_before_the_surveys_are_loaded(runner):
    db.session.execute(ThemeTaxonomy.__table__.delete())
    db.session.execute(SurveyVersion.__table__.delete())
    db.session.execute(Survey.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["demo", "seed", "--responses", "10"])
    assert result.exit_code != 0
    assert "flask surveys sync" in result.output
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_demo_links_prints_a_fresh_working_link_for_each_survey(runner, client):
    result = runner.invoke(args=["demo", "links"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(SLUGS)
    tokens = {}
    for line in lines:
        slug, url = line.split()
        assert url.startswith("http://localhost/r/")
        tokens[slug] = url.rsplit("/", 1)[1]
        page = client.get(f"/r/{tokens[slug]}")
        assert page.status_code == 200, slug

    links = {link.survey.slug: link for link in db.session.scalars(select(Link))}
    assert links["stop-search"].single_use and links["say-to-stay"].single_use
    assert links["listening-session"].kind == LinkKind.EVENT
    assert links["listening-session"].event.held_on == today()
    assert (
        b"Community listening session feedback"
        in client.get(f"/r/{tokens['listening-session']}").data
    )

    again = dict(line.split() for line in runner.invoke(args=["demo", "links"]).output.splitlines())
    again = {slug: url.rsplit("/", 1)[1] for slug, url in again.items()}
    # Fresh single-use links; the same code for today's demo session, not a second session of
    # the same name and date (which the results page's session filter would list twice).
    assert again["stop-search"] != tokens["stop-search"]
    assert again["say-to-stay"] != tokens["say-to-stay"]
    assert again["listening-session"] == tokens["listening-session"]
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_demo_links_use_a_demo_area_once_seeded(runner):
    seed(runner, 50)
    seeded = set(db.session.scalars(select(Link.id)))
    assert runner.invoke(args=["demo", "links"]).exit_code == 0
    areas = defaultdict(set)
    for link in db.session.scalars(select(Link).where(Link.id.not_in(seeded))):
        areas[link.survey.slug].add(link.area.code if link.area else None)
    assert all(codes == {"central"} for codes in areas.values())


def test_officers_are_shown_offering_codes_of_which_some_were_answered(runner, app):
    assert runner.invoke(args=["users", "demo"]).exit_code == 0
    result = seed(runner, 3000)
    assert "codes offered" in result.output
    responses = dict(
        db.session.execute(
            select(Survey.slug, func.count(Response.id))
            .join(Response, Response.survey_id == Survey.id)
            .group_by(Survey.slug)
        ).all()
    )
    links = list(db.session.scalars(select(Link)))
    officers = set(db.session.scalars(select(User.id).where(User.role == Role.OFFICER)))
    assert links and {link.created_by_id for link in links} <= officers
    for slug in ("stop-search", "say-to-stay"):
        codes = [link for link in links if link.survey.slug == slug]
        answered = [link for link in codes if link.answered]
        # Every response came through a code, as a real one does: one used single-use code
        # per response, on its day, and unused ones beside them.
        assert len(answered) == responses[slug]
        assert all(link.single_use and link.answered == 1 and link.used_on for link in answered)
        assert 0.3 < len(answered) / len(codes) < 0.5
        assert all(link.created_at.date() <= today() for link in codes)
    # Each session with responses has the one code its attendees shared, answered by them all.
    sessions = [link for link in links if link.survey.slug == "listening-session"]
    assert sessions and all(link.kind == LinkKind.EVENT and link.event for link in sessions)
    assert len(sessions) == len({link.event_id for link in sessions})
    assert sum(link.answered for link in sessions) == responses["listening-session"]

    # What an analyst sees on the overview: a real share, not "0 of 1".
    client = app.test_client()
    signed_in(client, Role.ANALYST, email="someone.analysing@example.org")
    page = client.get("/results/").get_data(as_text=True)
    assert re.search(r"\d[\d,]* of [\d,]+ codes offered \(\d+%\)", page)
    # and for a survey of single-use codes, as many codes answered as there are responses.
    for slug in ("stop-search", "say-to-stay"):
        section = BeautifulSoup(page, "html.parser").select_one(f"#survey-{slug}").parent
        responses_shown, answered_shown = (
            dd.get_text(" ", strip=True) for dd in section.select("dd")[:2]
        )
        assert answered_shown.startswith(f"{responses_shown} of "), slug


def test_demo_session_codes_are_open_to_the_end_of_the_seventh_day_after_the_event(
    runner, app, monkeypatch
):
    client = app.test_client()
    signed_in(client, Role.OFFICER, email="pc.demo@example.org")  # the demo's codes are theirs
    seed(runner, 3000)
    sessions = list(db.session.scalars(select(Link).where(Link.kind == LinkKind.EVENT)))
    assert sessions
    for link in sessions:
        # UK midnight as the seventh day after the event ends: 23:00 UTC in summer, 00:00 in winter.
        next_day = link.event.held_on + dt.timedelta(days=8)
        closes = dt.datetime.combine(next_day, dt.time(), tzinfo=UK)
        assert link.expires_at.replace(tzinfo=link.expires_at.tzinfo or dt.UTC) == closes

    newest = max(sessions, key=lambda link: link.event.held_on)
    last_day = newest.event.held_on + dt.timedelta(days=7)
    page = Browser(client).get(f"/officer/codes/{newest.token}")
    assert f"Open until {last_day.day} {last_day:%B %Y}" in page.text()

    def respondent_sees(at: dt.datetime) -> str:
        monkeypatch.setattr("models.link.utcnow", lambda: at.astimezone(dt.UTC))
        forget_request_state()
        return Browser(app.test_client()).get(f"/r/{newest.token}").h1

    late = dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=UK)
    assert respondent_sees(late) == "Community listening session feedback"
    assert respondent_sees(late + dt.timedelta(minutes=1)) == "This survey has closed"


def test_demo_links_are_never_made_in_production(runner, app):
    """They come with a "Demo listening session" that the force's real results would list."""
    app.config["ALLOW_DEMO_ACCOUNTS"] = False
    try:
        result = runner.invoke(args=["demo", "links"])
    finally:
        app.config["ALLOW_DEMO_ACCOUNTS"] = True
    assert result.exit_code == 1
    assert "never made in production" in result.output
    assert "flask links create --survey stop-search" in result.output
    assert db.session.scalar(select(func.count(Link.id))) == 0
    assert db.session.scalar(select(func.count(Event.id))) == 0

"""`flask links create` says when a listening session's name is given for links that are not
listening-session links, instead of making them without it."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Event, Link, LinkKind, db


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_session_name_for_stop_and_search_links_is_refused_in_one_line(runner):
    result = runner.invoke(
        args=["links", "create", "--survey", "stop-search", "--event", "Brixton library"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: --event is only for event links, made for a listening session, and "
        "stop-search links are encounter links: leave it out, or use --kind event.\n"
    )
    assert _count(Link) == 0 and _count(Event) == 0


def test_both_names_are_named_and_a_chosen_kind_counts(runner):
    result = runner.invoke(
        args=[
            *("links", "create", "--survey", "listening-session", "--kind", "standing"),
            *("--event", "Brixton library", "--event-cy", "Llyfrgell Brixton"),
        ]
    )
    assert result.exit_code == 1
    # Not "only for listening-session links, and listening-session links are standing links".
    assert result.output == (
        "Error: --event and --event-cy are only for event links, made for a listening session, "
        "and --kind standing makes standing links: leave them out, or use --kind event.\n"
    )
    assert _count(Link) == 0


def test_a_session_name_is_taken_where_the_links_are_sessions(runner):
    made = runner.invoke(
        args=[
            *("links", "create", "--survey", "stop-search", "--kind", "event"),
            *("--event", "Brixton library"),
        ]
    )
    assert made.exit_code == 0, made.output
    link = db.session.scalar(select(Link))
    assert link.kind == LinkKind.EVENT and link.event.name == "Brixton library"
    # An unknown survey is still told as before.
    unknown = runner.invoke(args=["links", "create", "--survey", "nope", "--event", "X"])
    assert unknown.exit_code == 1
    assert "There is no survey called 'nope'" in unknown.output

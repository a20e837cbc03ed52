"""What version of each survey's data a request's figures were read at, for what is made from
them after their snapshot has ended: the charts, drawn as the page is rendered, are stored
tagged with it (:mod:`app.services.results_chart_store`).

The oldest version read in the request is kept, and the oldest counting time: a request may
read a survey in more than one snapshot, and what is made from its figures may hold nothing
newer than the version it is stored at, or a delete (a withdrawal, a purge) made after that
version could leave it stored. Kept in the request's WSGI environment, so that it ends with
the request (a thread serves many requests; an application context may span several in
tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from flask import has_request_context, request

if TYPE_CHECKING:
    from app.services.results_cache import Served

_READ = "listening_post.results_read"


def note(surveys: Mapping[int, Served]) -> None:
    """Take in what a snapshot read, survey by survey (outside a request, nothing)."""
    if not has_request_context():
        return
    read: dict[int, Served] = request.environ.setdefault(_READ, {})
    for survey_id, chosen in surveys.items():
        before = read.get(survey_id)
        if before is None:
            read[survey_id] = _copy(chosen)
            continue
        times = [t for t in (chosen.counted_at, before.counted_at) if t is not None]
        before.version = min(before.version, chosen.version)
        before.counted_at = min(times, default=None)


def read_at(survey_id: int) -> Served | None:
    """The oldest version of the survey's data this request's figures were read at, and the
    oldest counting time (None if it read none)."""
    if not has_request_context():
        return None
    return request.environ.get(_READ, {}).get(survey_id)


def _copy(chosen: Served) -> Served:
    from app.services.results_cache import Served

    return Served(chosen.version, countable=False, counted_at=chosen.counted_at)

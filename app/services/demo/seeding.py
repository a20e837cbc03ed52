"""`flask demo seed`: synthetic responses to the built-in surveys, fast enough for millions,
and, into a database with no actions yet, the demo "You said, we did" actions (:mod:`.actions`).

Respondents are drawn with numpy a chunk at a time and written with one executemany per table
per chunk (COPY on PostgreSQL). Each chunk is its own transaction, except into a fresh
PostgreSQL database, where the whole seed is one (:mod:`.postgres_load`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select

from app.services.demo.actions import seed_actions
from app.services.demo.chunks import write_chunk, write_chunks
from app.services.demo.errors import DemoError
from app.services.demo.offered_codes import offer_codes
from app.services.demo.plan import prepare
from app.services.demo.postgres_load import bulk_tables_empty_on_postgresql, seed_at_once
from app.services.demo.writers import bulk_load
from models import Response, db

CHUNK_SIZE = 10_000
MAX_RESPONSES = 10_000_000


@dataclass(frozen=True)
class SeedResult:
    seed: int
    responses: int = 0
    by_survey: Mapping[str, int] = field(default_factory=dict)
    answers: int = 0
    text_answers: int = 0
    codes_offered: int = 0
    actions: int = 0


def count_responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response)) or 0


def seed_responses(
    count: int,
    *,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> SeedResult:
    """Add ``count`` synthetic responses spread across the built-in surveys.

    The same ``seed`` gives the same responses (apart from their random withdrawal hashes,
    which must stay unique). ``progress`` is called with the number written after each chunk.
    """
    if not 1 <= count <= MAX_RESPONSES:
        raise DemoError(f"Seed between 1 and {MAX_RESPONSES:,} responses.")
    seed = secrets.randbelow(2**31) if seed is None else seed
    events_sequence, chunks_sequence, links_sequence = np.random.SeedSequence(seed).spawn(3)
    plan = prepare(np.random.default_rng(events_sequence))
    sizes = [min(chunk_size, count - start) for start in range(0, count, chunk_size)]
    chunks = list(zip(sizes, chunks_sequence.spawn(len(sizes)), strict=True))
    links_rng = np.random.default_rng(links_sequence)
    with bulk_load():
        if bulk_tables_empty_on_postgresql():
            totals = seed_at_once(plan, chunks, links_rng, progress)
        else:
            totals = write_chunks(plan, chunks, progress, write_chunk)
            totals.codes_offered = offer_codes(links_rng)
    actions = seed_actions()
    return SeedResult(
        seed=seed,
        responses=count,
        by_survey=totals.by_survey,
        answers=totals.answers,
        text_answers=totals.text_answers,
        codes_offered=totals.codes_offered,
        actions=actions,
    )

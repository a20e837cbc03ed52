"""Keys of the results store fit its column on every database: one that names many months left
out (a small survey's first year) is kept as its start and a digest of the whole."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import results_cache
from app.services.results_cache import KEY_LENGTH, stored_key
from models import Role
from tests.results_data import add_responses, group, survey
from tests.staff import signed_in


def test_a_long_key_is_shortened_to_one_of_its_own():
    months = ",".join(f"2026-{m:02d}" for m in range(1, 13))
    one, other = f"overview:satisfaction:{months}", f"overview:satisfaction:{months[:-1]}9"
    assert len(one) > KEY_LENGTH
    assert len(stored_key(one)) == KEY_LENGTH and stored_key(one).startswith("overview:")
    assert stored_key(one) != stored_key(other)
    assert stored_key("months") == "months"


def test_a_long_key_is_stored_and_read_back(app):
    survey_id = survey().id
    key = "asked:" + "x" * 200
    assert results_cache.cached(survey_id, key, lambda: ["counted"]) == ["counted"]

    def again():  # the stored rows are read, not counted again
        raise AssertionError("counted twice")

    assert results_cache.cached(survey_id, key, again) == ["counted"]


def test_the_overview_shows_a_survey_with_many_small_months(client: FlaskClient):
    """Twelve months of 3 responses each: every one is left out of the figures, and the
    overview's key names them all."""
    for month in range(1, 13):
        add_responses(group(3, "white", month=f"2025-{month:02d}"))
    add_responses(group(12, "white", month="2026-01"))
    signed_in(client, Role.ANALYST)
    page = client.get("/results/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "January 2025" in text and "December 2025" in text

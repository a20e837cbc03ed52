"""The API's limit is per token, however the token is written in the Authorization header: the
scheme in any case ("Bearer", "bearer", "BEARER") and any spaces around the token are read as
the same token by the API, so they count as the same token too. Otherwise a client could send
each request with the header written a new way and never reach its limit, and query results
without the limit meant to slow down comparing many filtered views."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.services import api_tokens
from models import Scope
from tests.app.test_api import limited_client  # noqa: F401  (a fixture)

PROBLEM = "application/problem+json"


def test_writing_the_header_another_way_is_the_same_token_s_limit(
    limited_client: FlaskClient,  # noqa: F811
):
    secret = api_tokens.create_token("Force website", list(Scope)).secret
    other = api_tokens.create_token("Another system", list(Scope)).secret
    ways = [f"Bearer {secret}", f"bearer {secret}", f"BEARER  {secret}", f"Bearer \t{secret}"]
    statuses = [
        limited_client.get(
            "/api/v1/surveys/stop-search/results", headers={"Authorization": way}
        ).status_code
        for way in ways
    ]
    assert statuses == [200, 200, 200, 429]
    # Another token has its own limit.
    response = limited_client.get(
        "/api/v1/surveys/stop-search/results", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 200

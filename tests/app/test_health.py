"""GET /healthz: what load balancers and monitoring call."""

from __future__ import annotations

from pathlib import Path

from app import create_app
from app.config import TestConfig


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok"}
    assert response.headers.get("Set-Cookie") is None  # no session for a probe


def test_health_is_503_when_the_database_is_unreachable(tmp_path: Path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.db'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.is_json
    assert response.get_json()["status"] != "ok"


def test_health_answers_only_get(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405

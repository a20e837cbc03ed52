"""While the rate limits' Redis cannot be reached, respondents and API users are still served.

Every host counts its rate limits in the one Redis (docs/deploy.md). If it stops, the limits
are counted in each worker's memory until it is back, rather than every limited page (a code
typed, answers sent, a sign-in, an API call) failing with "Sorry, there is a problem".

Run in a fresh interpreter: the limiter is shared by every app in a test process, and one that
has lost its storage would carry that into other tests.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = textwrap.dedent(
    """
    import re, sys
    from app import create_app
    from app.config import TestConfig

    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=sys.argv[1],
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=sys.argv[2],
    )
    client = app.test_client()
    api = client.get("/api/v1/openapi.json")
    page = client.get("/r")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    typed = client.post("/r", data={"code": "ZZZZ-ZZZZ", "csrf_token": token})
    print(api.status_code, typed.status_code, "govuk-error-summary" in typed.text)
    """
)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pages_with_rate_limits_still_work_while_redis_is_down(database_url: str):
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", CHECK, database_url, f"redis://127.0.0.1:{_closed_port()}/0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    api_status, code_status, told_about_the_code = result.stdout.split()
    assert api_status == "200"
    assert code_status != "500"
    assert told_about_the_code == "True"

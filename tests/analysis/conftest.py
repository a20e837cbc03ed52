"""Analysis tests are pure: plain data in and out, no Flask app and no database.

The project's tests/conftest.py gives every test a migrated database through an autouse
fixture; this one replaces it, under the same name, for tests/analysis.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _database() -> Iterator[None]:
    yield

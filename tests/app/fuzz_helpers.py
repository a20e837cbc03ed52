"""What the test_fuzz_*.py modules share: every form on a page fed odd input by Hypothesis,
and a check that a refused request stored nothing at all: every row of every table is read
before and after, so a change to a row already there counts as much as a new one.

The forms are found by reading the page, as in test_fuzz.py (whose strategies these use); each
example can first put back what an accepted one changed (``prepare``), so that a form that
deletes, publishes or signs out is still there to be fuzzed by the next example.
LP_FUZZ_EXAMPLES sets the examples per form, as for test_fuzz.py.
"""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup, SoupStrainer
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from models import db
from tests.app.test_fuzz import EXAMPLES, Form, forms_on, fuzz_settings, odd_text, values_for
from tests.staff import forget_request_state

__all__ = [
    "EXAMPLES",
    "Form",
    "fuzz_every_form",
    "fuzz_form",
    "fuzz_settings",
    "odd_text",
    "stored",
]

# Tables written by reading, not by what was sent: the audit log records refusals, and the
# results cache records counts.
NOT_STORED = {"audit_events", "results_cache", "results_versions"}
# Columns a refusal writes on purpose: a wrong two-factor code is counted against the account
# (app/services/two_factor_lock.py), and enough of them in a row lock it.
COUNTED_WHEN_REFUSED = {"users": {"two_factor_failures"}}


def stored() -> dict[str, list[str]]:
    """Every row of every table (but NOT_STORED, and COUNTED_WHEN_REFUSED), read afresh."""
    db.session.expire_all()
    return {
        table.name: sorted(
            repr(tuple(row))
            for row in db.session.execute(
                select(
                    *(
                        column
                        for column in table.columns
                        if column.name not in COUNTED_WHEN_REFUSED.get(table.name, ())
                    )
                )
            )
        )
        for table in db.metadata.sorted_tables
        if table.name not in NOT_STORED
    }


def changed_tables(before: dict[str, list[str]]) -> list[str]:
    after = stored()
    return sorted(name for name in before if before[name] != after[name])


def refused(response: TestResponse) -> bool:
    return response.status_code >= 400 or "govuk-error-summary" in response.get_data(as_text=True)


def assert_no_server_error(response: TestResponse, where: str, sent: object) -> None:
    body = response.get_data().decode("utf-8", "replace")  # an export may be binary
    assert response.status_code < 500, (where, sent, body[:500])
    assert "Traceback" not in body, (where, sent)


def fuzz_every_form(
    client: FlaskClient,
    url: str,
    *,
    prepare: Callable[[], None] | None = None,
    examples: int = EXAMPLES,
) -> int:
    """Fuzz every form in the main content of the page at ``url`` (after redirects); returns
    how many were fuzzed. ``prepare`` runs before the page is read and before each example."""
    if prepare:
        prepare()
    forget_request_state()
    page = client.get(url, follow_redirects=True)
    assert page.status_code == 200, (url, page.status_code)
    here = page.request.path + (f"?{page.request.query_string.decode()}" if "?" in url else "")
    forms = forms_on(page.get_data(as_text=True), here)
    for form in forms:
        fuzz_form(client, here, form, prepare=prepare, examples=examples)
    return len(forms)


def fuzz_form(
    client: FlaskClient,
    here: str,
    form: Form,
    *,
    prepare: Callable[[], None] | None = None,
    examples: int = EXAMPLES,
) -> None:
    """Fuzz ``form``, as shown on the page at ``here`` (whose CSRF token it is sent with)."""

    @fuzz_settings(examples)
    @given(sent=values_for(form), with_csrf=st.booleans() | st.just(True))
    def check(sent: list[tuple[str, str]], with_csrf: bool) -> None:
        if prepare:
            prepare()
        forget_request_state()
        fresh = client.get(here, follow_redirects=True)
        # Only the inputs are parsed: the whole page's tree was a third of each example's time.
        inputs = SoupStrainer("input")
        token = BeautifulSoup(
            fresh.get_data(as_text=True), "html.parser", parse_only=inputs
        ).select_one("input[name='csrf_token']")
        data = MultiDict(sent)
        if with_csrf and token is not None:
            data.add("csrf_token", token["value"])
        forget_request_state()
        if form.method == "post":
            before = stored()
            response = client.post(form.action, data=data)
        else:
            response = client.get(form.action.split("?")[0], query_string=data)
        assert_no_server_error(response, form.action, sent)
        if form.method == "post" and refused(response):
            assert changed_tables(before) == [], (form.action, sent, response.status_code)

    check()

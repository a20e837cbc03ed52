"""Property-based: every form in the service, and every filter, fed odd input by Hypothesis.

The forms are found by reading the pages, as a person would see them: each page's forms, their
fields and the options they offer. Hypothesis then sends the options, text of every kind,
missing fields, repeated fields and fields nobody asked for. Whatever is sent, the answer is
never a 5xx, and a POST that is refused stores nothing (every table counted before and after,
apart from the audit log and the results cache, which record refusals and reads).

LP_FUZZ_EXAMPLES sets the examples per form (default 8, for a quick suite); set it to a few
hundred for a long run. The API's own parameters are fuzzed from its OpenAPI document by
schemathesis in test_api.py; here its POST is also checked to store nothing when refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from bs4 import BeautifulSoup, SoupStrainer
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from sqlalchemy import func, select, text
from werkzeug.datastructures import MultiDict

from app.services import api_tokens, demo
from app.services.definitions import Definition
from models import Link, Role, Scope, Survey, db
from tests.factories import create_area, create_link
from tests.staff import PASSWORD, create_user, forget_request_state, signed_in

EXAMPLES = int(os.environ.get("LP_FUZZ_EXAMPLES", "8"))
NOT_COUNTED = {"audit_events", "results_cache", "results_versions"}
SURVEYS = ("stop-search", "listening-session", "say-to-stay")

odd_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\u202e\u200b",
            "x" * 5000,
            "<script>alert(1)</script>",
            "'; DROP TABLE responses; --",
            "%s%s%n",
            "../../etc/passwd",
            "2026-02-30",
            "-1",
            "0",
            "9" * 40,
            "1e309",
            "NaN",
            "\ud7ff\ue000\U0010ffff",
            "Ωμέγα 漢字 🙂",
            "north",
            "stop-search",
        ]
    ),
)


def fuzz_settings(examples: int = EXAMPLES):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    )


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values


def forms_on(html: str, url: str) -> list[Form]:
    """Every form in a page's main content (not the sign-out button in the header)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.select("main form"):
        action = element.get("action") or url
        if "sign-out" in action:
            continue
        form = Form(element.get("method", "get").lower(), action)
        for control in element.select("input, select, textarea"):
            name = control.get("name")
            kind = control.get("type", "text")
            if not name or kind in ("submit", "button", "image") or name == "csrf_token":
                continue
            offered = form.fields.setdefault(name, [])
            if control.name == "select":
                offered.extend(o.get("value", o.get_text()) for o in control.select("option"))
            elif kind in ("radio", "checkbox", "hidden"):
                offered.append(control.get("value", "on"))
            elif name == "your_password":
                offered.append(PASSWORD)  # the admin's own: what it guards is fuzzed too
        found.append(form)
    return found


def values_for(form: Form):
    """Sent fields: each offered value or odd text, left out, repeated, plus strangers."""

    def one_field(name: str, offered: list[str]):
        value = st.one_of(st.sampled_from(offered), odd_text) if offered else odd_text
        return st.one_of(
            st.just([]), value.map(lambda v: [v]), st.lists(value, min_size=2, max_size=3)
        ).map(lambda values: [(name, v) for v in values])

    known = [one_field(name, offered) for name, offered in form.fields.items()]
    stranger = st.lists(st.tuples(st.sampled_from(["id", "role", "survey_id", "x"]), odd_text))
    return st.tuples(st.tuples(*known), stranger).map(
        lambda parts: [pair for group in parts[0] for pair in group] + parts[1]
    )


def table_counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name not in NOT_COUNTED
    }


def refused(status: int, html: str) -> bool:
    return status >= 400 or "govuk-error-summary" in html


def fuzz_page(client: FlaskClient, url: str) -> int:
    """Fuzz every form on the page at ``url``; returns how many forms there were."""
    forget_request_state()
    page = client.get(url, follow_redirects=True)
    assert page.status_code == 200, (url, page.status_code)
    here = page.request.path
    forms = forms_on(page.get_data(as_text=True), here)
    for form in forms:
        fuzz_form(client, here, form)
    return len(forms)


def fuzz_form(client: FlaskClient, here: str, form: Form) -> None:
    @fuzz_settings()
    @given(sent=values_for(form), with_csrf=st.booleans() | st.just(True))
    def check(sent: list[tuple[str, str]], with_csrf: bool) -> None:
        forget_request_state()
        fresh = client.get(here, follow_redirects=True)
        # Only the inputs are parsed: the whole page's tree was a third of each example's time.
        inputs = SoupStrainer("input")
        soup = BeautifulSoup(fresh.get_data(as_text=True), "html.parser", parse_only=inputs)
        token = soup.select_one("input[name='csrf_token']")
        data = MultiDict(sent)
        if with_csrf and token is not None:
            data.add("csrf_token", token["value"])
        forget_request_state()
        if form.method == "post":
            before = table_counts()
            response = client.post(form.action, data=data)
        else:
            query = urlencode(list(data.items(multi=True)))
            response = client.get(f"{urlsplit(form.action).path}?{query}")
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (form.action, sent, body[:500])
        assert "Traceback" not in body
        if form.method == "post" and refused(response.status_code, body):
            assert table_counts() == before, (form.action, sent, response.status_code)

    check()


# -- the respondent's forms --------------------------------------------------------------------


def survey_pages(slug: str) -> list[str]:
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    return [page.key for page in Definition(survey.current_version.definition).pages]


@pytest.mark.parametrize("slug", SURVEYS)
def test_every_page_of_every_survey_takes_any_input(client: FlaskClient, slug: str):
    link = create_link(slug, single_use=False)
    fuzzed = 0
    for key in survey_pages(slug):
        forget_request_state()
        page = client.get(f"/r/{link.token}/{key}")
        if page.status_code == 302:
            continue  # not shown after the answers given so far
        fuzzed += fuzz_page(client, f"/r/{link.token}/{key}")
    assert fuzzed >= 3


@pytest.mark.parametrize("url", ["/r", "/withdraw", "/sign-in"])
def test_the_public_forms_take_any_input(client: FlaskClient, url: str):
    create_link()
    assert fuzz_page(client, url) == 1


def test_submitting_with_odd_fields_stores_exactly_one_response_or_none(client: FlaskClient):
    link = create_link(single_use=False)
    forget_request_state()
    client.get(f"/r/{link.token}/how-you-were-treated")
    assert fuzz_page(client, f"/r/{link.token}/how-you-were-treated") == 1
    page = client.get(f"/r/{link.token}/check", follow_redirects=True)
    if page.request.path.endswith("/check"):
        assert fuzz_page(client, f"/r/{link.token}/check") == 1


# -- staff forms ---------------------------------------------------------------------------------


@pytest.fixture
def survey_data() -> None:
    create_area("north", "North District")
    demo.seed_responses(40, seed=3)


def test_the_officers_form_takes_any_input(client: FlaskClient, survey_data):
    signed_in(client, Role.OFFICER)
    assert fuzz_page(client, "/officer/codes/new") == 1


ADMIN_PAGES = [
    "/admin/users/new",
    "/admin/areas/new",
    "/admin/areas/north",
    "/admin/tokens/new",
    "/admin/users/{analyst}/reset-password",
    "/admin/audit",
    "/admin/surveys/new",
    "/account/password",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_admin_forms_take_any_input(client: FlaskClient, survey_data, url: str):
    analyst = create_user(Role.ANALYST, email="someone@example.org")
    signed_in(client, Role.ADMIN)
    assert fuzz_page(client, url.format(analyst=analyst.public_id)) >= 1


ANALYST_PAGES = [
    "/results/stop-search",
    "/results/stop-search/coding/answer",
    "/results/stop-search/coding/themes/new",
    "/results/stop-search/actions/new",
    "/results/say-to-stay",
]


@pytest.mark.parametrize("url", ANALYST_PAGES)
def test_the_analysts_forms_and_filters_take_any_input(client: FlaskClient, survey_data, url):
    signed_in(client, Role.ANALYST)
    assert fuzz_page(client, url) >= 1


FILTERS = ["by", "compare", "area", "start", "end", "theme", "group", "from", "to", "page", "x"]


@fuzz_settings(EXAMPLES * 3)
@given(
    query=st.lists(
        st.tuples(st.sampled_from(FILTERS), odd_text),
        max_size=5,
    )
)
def test_results_filters_in_the_address_take_any_value(
    client: FlaskClient, survey_data, query: list[tuple[str, str]]
):
    if not client.get_cookie("session"):
        signed_in(client, Role.ANALYST)
    for path in ("/results/stop-search", "/results/stop-search/report"):
        response = client.get(f"{path}?{urlencode(query)}")
        assert response.status_code < 500, (path, query)


# -- the API -------------------------------------------------------------------------------------


def test_a_refused_api_request_stores_no_link(app: Flask):
    """schemathesis sends bodies that break the document; each refusal stores nothing."""
    secret = api_tokens.create_token("Fuzz", list(Scope)).secret
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = next(
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().method.upper() == "POST" and result.ok().path == "/links"
    )

    @fuzz_settings(EXAMPLES * 4)
    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def check(case) -> None:
        before = db.session.scalar(select(func.count()).select_from(Link))
        response = case.call(headers=headers)
        assert response.status_code < 500, response.text
        db.session.expire_all()
        after = db.session.scalar(select(func.count()).select_from(Link))
        if response.status_code != 201:
            assert after == before, (case.body, response.status_code)

    check()
    # Nothing outside the links table was touched either.
    assert db.session.scalar(text("SELECT count(*) FROM responses")) == 0

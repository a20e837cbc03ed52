"""Property-based: the addresses of the respondent's and the officer's pages, fed odd input by
Hypothesis, and the forms test_fuzz.py does not reach (the confirmation page's language button,
each survey's second step of Make a code). Odd queries and odd codes, page names or areas in the
address never give a 5xx nor store anything; a page answered with "Change" leads only to a page
of the same survey, whatever ``reveal`` names."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from models import Role
from tests.app.bad_input_helpers import submit_stop_search
from tests.app.fuzz_helpers import (
    EXAMPLES,
    Form,
    assert_no_server_error,
    changed_tables,
    fuzz_every_form,
    fuzz_form,
    fuzz_settings,
    odd_text,
    stored,
)
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

PAGE = "how-you-were-treated"
QUERY_NAMES = ["change", "reveal", "lang", "next", "code", "token", "x"]
queries = st.lists(
    st.tuples(
        st.sampled_from(QUERY_NAMES),
        odd_text | st.sampled_from(["1", PAGE, "in-your-own-words", "//evil.example"]),
    ),
    max_size=5,
)


@fuzz_settings(EXAMPLES * 3)
@example(query=[("change", "1"), ("reveal", "//evil.example"), ("reveal", "in-your-own-words")])
@example(query=[("change", "1"), ("reveal", "../../admin")])
@given(query=queries)
def test_a_page_answered_with_change_leads_only_to_this_surveys_pages(
    app, query: list[tuple[str, str]]
):
    link = create_link(single_use=False)
    client = app.test_client()  # a respondent of their own, with a link of their own
    browser = Browser(client)
    forget_request_state()
    page = browser.get(f"/r/{link.token}/{PAGE}?" + _encoded(query))
    forget_request_state()
    response = client.post(
        f"/r/{link.token}/{PAGE}",
        query_string=query,
        data={
            "satisfaction": "satisfied",
            "csrf_token": page.csrf_token(),
            "form-started": page.form_started(),
        },
    )
    assert_no_server_error(response, PAGE, query)
    if response.status_code in (301, 302, 303, 307, 308):
        gone_to = urlsplit(response.headers["Location"])
        assert gone_to.netloc in ("", "localhost"), (query, response.headers["Location"])
        assert gone_to.path.startswith(f"/r/{link.token}/"), (query, response.headers["Location"])


def _encoded(query: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in query)


def test_the_respondents_pages_take_any_query(client: FlaskClient):
    link = create_link(single_use=False)
    submit_stop_search(Browser(client), link.token, improve="Say why.")
    urls = [
        "/",
        "/r",
        f"/r/{link.token}",
        f"/r/{link.token}/{PAGE}",
        f"/r/{link.token}/check",
        f"/r/{link.token}/done",
        "/withdraw",
        "/privacy",
        "/accessibility",
        "/about/scrutiny-panel",
        "/you-said-we-did",
        "/you-said-we-did/north",
    ]

    @fuzz_settings(EXAMPLES * 2)
    @given(query=queries)
    def check(query: list[tuple[str, str]]) -> None:
        for url in urls:
            forget_request_state()
            response = client.get(url, query_string=query)
            assert_no_server_error(response, url, query)

    check()


names = odd_text.filter(lambda text: text not in ("", ".", ".."))


def test_codes_pages_and_areas_that_are_not_there_store_nothing(client: FlaskClient):
    link = create_link(single_use=False)
    create_area("north", "North District")

    @fuzz_settings(EXAMPLES * 3)
    @example(name="../../etc/passwd")
    @example(name="A" * 26)
    @given(name=names | st.text(alphabet="abcdefghjkmnpqrstvwxyz0123456789- ", max_size=30))
    def check(name: str) -> None:
        quoted = quote(name, safe="")
        before = stored()
        for url in (
            f"/r/{quoted}",
            f"/r/{quoted}/{PAGE}",
            f"/r/{quoted}/check",
            f"/r/{quoted}/done",
            f"/r/{link.token}/{quoted}",
            f"/test/{quoted}",
            f"/test/{quoted}/{PAGE}",
            f"/you-said-we-did/{quoted}",
        ):
            forget_request_state()
            response = client.get(url)
            assert_no_server_error(response, url, name)
            assert response.status_code in (200, 302, 308, 400, 404, 410), (url, name)
        assert changed_tables(before) == []

    check()


def test_the_confirmation_pages_language_button_takes_any_input(client: FlaskClient):
    """The button sends back the withdrawal code the page showed (shown once, it is not kept);
    sent anything else, the page still works and stores nothing."""
    link = create_link(single_use=False)
    submit_stop_search(Browser(client), link.token, improve="Say why.")
    done = f"/r/{link.token}/done"
    sent_back = Form("post", done, {"code": [], "change-language": ["cy", "en"]})
    # The page shows no form once the code has gone; the session's CSRF token is on /withdraw.
    fuzz_form(client, "/withdraw", sent_back)


# -- the officer's -----------------------------------------------------------------------------


@pytest.mark.parametrize("survey", ["stop-search", "listening-session", "say-to-stay"])
def test_each_surveys_second_step_of_make_a_code_takes_any_input(client: FlaskClient, survey):
    create_area("north", "North District")
    signed_in(client, Role.OFFICER)
    assert fuzz_every_form(client, f"/officer/codes/new?survey={survey}") == 1


@fuzz_settings(EXAMPLES * 2)
@example(query=[("code", "x"), ("code", "y")])
@example(query=[("survey", "listening-session"), ("change", "say-to-stay")])
@given(
    query=st.lists(
        st.tuples(
            st.sampled_from(["survey", "change", "code", "page", "x"]),
            odd_text | st.sampled_from(["stop-search", "listening-session"]),
        ),
        max_size=4,
    )
)
def test_the_officers_pages_take_any_query(client: FlaskClient, query):
    if client.get_cookie("session") is None:
        create_area("north", "North District")
        signed_in(client, Role.OFFICER)
        create_link()  # someone else's code
    before = stored()
    for url in ("/officer/codes/new", "/officer/codes", "/officer/codes/sheet"):
        forget_request_state()
        response = client.get(url, query_string=query)
        assert_no_server_error(response, url, query)
        assert response.status_code in (200, 400, 404), (url, query, response.status_code)
    assert changed_tables(before) == []

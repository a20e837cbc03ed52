"""Property-based: signing in and every staff member's own account, fed odd input by
Hypothesis. The two-factor code page, setting up two-factor sign-in, new recovery codes and
signing out never give a 5xx and store nothing when they refuse; no code Hypothesis makes up
completes a sign-in; and wherever ``next`` or ``lang`` is in the address, whatever it holds,
the page works and never sends anyone off this site."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from app.services import users
from models import Role
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
from tests.pages import Page
from tests.staff import PASSWORD, create_user, forget_request_state, sign_in, signed_in

BASE = "http://localhost/sign-in"
# Ways people have tried to make "next" lead off the site.
OFF_SITE = st.sampled_from(
    [
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "https://evil.example/",
        "http:evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "data:text/html,hi",
        "/%2F%2Fevil.example",
        "/.//evil.example",
        "/results/?x=//evil.example",
        "/@evil.example",
        "\x00/evil.example",
        "/results/\x00",
        "",
    ]
)
next_values = OFF_SITE | odd_text | st.text(alphabet="/\\:.@%?#&= \t\nevil", max_size=20)


def assert_stays_on_site(location: str, sent: str) -> None:
    """Where a browser would go: tabs and newlines dropped, backslashes read as slashes."""
    read = location.replace("\t", "").replace("\n", "").replace("\r", "").strip()
    read = read.replace("\\", "/")
    gone_to = urlsplit(urljoin(BASE, read))
    assert (gone_to.scheme, gone_to.netloc) == ("http", "localhost"), (sent, location)


def _password_given(client: FlaskClient, email: str) -> None:
    """The password step done, the code still to give."""
    forget_request_state()
    page = client.get("/sign-in")
    token = Page(page.status_code, "/sign-in", page.get_data(as_text=True)).csrf_token()
    forget_request_state()
    response = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"].startswith("/sign-in/two-factor")


def test_no_made_up_code_completes_a_two_factor_sign_in(client: FlaskClient):
    analyst = create_user(Role.ANALYST)
    _password_given(client, analyst.email)

    assert fuzz_every_form(client, "/sign-in/two-factor", examples=EXAMPLES * 3) == 1

    forget_request_state()
    still = client.get("/results/")
    assert still.status_code == 302
    assert still.headers["Location"].startswith("/sign-in/two-factor")


def test_setting_up_two_factor_sign_in_takes_any_input(client: FlaskClient):
    signed_in(client, Role.OFFICER)
    assert fuzz_every_form(client, "/account/two-factor/set-up") == 1


def test_asking_for_new_recovery_codes_takes_any_input(client: FlaskClient):
    signed_in(client, Role.ANALYST)
    assert fuzz_every_form(client, "/account/two-factor/recovery-codes") == 1


def test_the_sign_out_button_takes_any_input(client: FlaskClient):
    officer = signed_in(client, Role.OFFICER)

    def signed_in_again() -> None:
        forget_request_state()
        if client.get("/account").status_code != 200:
            assert sign_in(client, officer.email).status_code == 302

    # The button is in the page's header too, where fuzz_every_form leaves it out.
    fuzz_form(client, "/sign-out", Form("post", "/sign-out"), prepare=signed_in_again)


@fuzz_settings(EXAMPLES * 4)
@example(sent="//evil.example/")
@example(sent="/\\evil.example/")
@example(sent="/results/")
@given(sent=next_values)
def test_after_signing_in_next_never_leads_off_the_site(app, sent: str):
    if users.by_email("next@example.org") is None:  # the first example makes the account
        create_user(Role.OFFICER, "next@example.org")
    client = app.test_client()
    forget_request_state()
    page = client.get("/sign-in", query_string={"next": sent})
    assert_no_server_error(page, "/sign-in", sent)
    # A NUL is taken out before the page reads "next" (the staff-wide check), and what is
    # left is checked like any other: "\x00//evil.example" still leads nowhere off the site.
    token = Page(page.status_code, "/sign-in", page.get_data(as_text=True)).csrf_token()
    forget_request_state()
    response = client.post(
        "/sign-in",
        query_string={"next": sent},
        data={"email": "next@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302, (sent, response.get_data(as_text=True)[:300])
    assert_stays_on_site(response.headers["Location"], sent)
    # Signed in already, the sign-in page sends them on the same way.
    forget_request_state()
    again = client.get("/sign-in", query_string={"next": sent})
    assert again.status_code == 302
    assert_stays_on_site(again.headers["Location"], sent)


@fuzz_settings(EXAMPLES * 2)
@given(sent=next_values)
def test_the_sign_out_pages_way_back_never_leads_off_the_site(client: FlaskClient, sent: str):
    if client.get_cookie("session") is None:
        signed_in(client, Role.OFFICER)
    forget_request_state()
    page = client.get("/sign-out", query_string={"next": sent})
    assert_no_server_error(page, "/sign-out", sent)
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    for link in soup.select("main a[href]"):
        assert_stays_on_site(link["href"], sent)


LANG_PAGES = ["/r", "/withdraw", "/privacy", "/sign-in", "/you-said-we-did"]
# The public "You said, we did" pages refuse a NUL in the address outright (400); staff pages
# take it out before reading the address, and the respondent's pages explain it.
NUL_REFUSED = {"/you-said-we-did"}


@fuzz_settings(EXAMPLES * 2)
@example(lang=["cy"])
@example(lang=["cy", "en"])
@given(lang=st.lists(odd_text | st.sampled_from(["cy", "en", "CY", "cy-GB", "fr"]), max_size=3))
def test_any_language_in_the_address_gives_a_page_in_english_or_welsh(
    client: FlaskClient, lang: list[str]
):
    before = stored()
    for url in LANG_PAGES:
        forget_request_state()
        response = client.get(url, query_string=[("lang", value) for value in lang])
        assert_no_server_error(response, url, lang)
        nul = any("\x00" in value for value in lang) and url in NUL_REFUSED
        assert response.status_code in ((400,) if nul else (200, 302)), (url, lang)
        if response.status_code == 200:
            html = BeautifulSoup(response.get_data(as_text=True), "html.parser").html
            assert html["lang"] in ("en", "cy"), (url, lang)
        with client.session_transaction() as session:
            assert session.get("lang") in (None, "en", "cy"), lang
    assert changed_tables(before) == []

"""Staff find where to sign in: every public page's footer ends with a "Staff sign in" link
(Welsh too), out of the respondent's way; staff pages do not carry it."""

from __future__ import annotations

import pytest

from tests.factories import create_link


def footer_links(page) -> list[tuple[str, str]]:
    return [
        (" ".join(a.get_text().split()), a["href"])
        for a in page.soup.select("footer .govuk-footer__inline-list a")
    ]


@pytest.mark.parametrize("path", ["/", "/withdraw", "/privacy", "/you-said-we-did"])
def test_public_pages_end_the_footer_with_a_staff_sign_in_link(browser, path):
    page = browser.get(path)
    assert page.status == 200
    assert footer_links(page)[-1] == ("Staff sign in", "/sign-in")
    # Only in the footer: nothing in the respondent's way on the page itself.
    assert [a for a in page.soup.select("main a") if a["href"] == "/sign-in"] == []


def test_the_link_is_in_welsh_on_welsh_pages_and_leads_to_the_sign_in_page(browser):
    link = create_link()
    page = browser.get(f"/r/{link.token}?lang=cy")
    assert footer_links(page)[-1] == ("Mewngofnodi i staff", "/sign-in")
    signed_in = browser.get("/sign-in?lang=en")
    assert signed_in.status == 200 and signed_in.h1 == "Sign in to Listening Post"


def test_a_missing_page_offers_it_too(browser):
    page = browser.get("/no-such-page?lang=cy")
    assert page.status == 404
    assert footer_links(page)[-1] == ("Mewngofnodi i staff", "/sign-in")


def test_staff_pages_do_not_offer_it(browser):
    page = browser.get("/sign-in")
    assert "/sign-in" not in [href for _text, href in footer_links(page)]
    assert "Staff sign in" not in page.text()

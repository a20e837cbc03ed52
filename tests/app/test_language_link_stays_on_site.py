"""The link to a page in the other language stays on this site, whatever address was asked
for: an address whose path starts with a backslash, a tab or a second slash (which browsers
read as the start of another site's address) gets a language link to a path here."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.pages import Browser

SITE = "https://feedback.police.example"


@pytest.mark.parametrize(
    "asked", ["/\\evil.example", "/%5Cevil.example/x", "/%09/evil.example", "/%0a/evil.example"]
)
def test_the_welsh_link_on_a_page_not_found_stays_on_this_site(browser: Browser, asked: str):
    page = browser.get(asked)
    assert page.status == 404
    links = [a["href"] for a in page.soup.select("a[href*='lang=cy']")]
    assert links, "the page offers Welsh"
    for href in links:
        # A browser drops tabs and newlines from an address and reads "\" as "/".
        followed = "".join(ch for ch in href if ch not in "\t\n\r").replace("\\", "/")
        assert urlsplit(urljoin(SITE + "/r", followed)).netloc == "feedback.police.example"


def test_the_welsh_link_still_keeps_the_page_and_its_query(browser: Browser):
    page = browser.get("/you-said-we-did?area=north")
    assert [a["href"] for a in page.soup.select("a[href*='lang=cy']")] == [
        "/you-said-we-did?area=north&lang=cy"
    ]

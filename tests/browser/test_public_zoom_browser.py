"""The public pages on a 375 px phone zoomed in to 200% (a screen 188 px wide): nothing pushes
the page sideways, not the force's email address on the privacy notice and the accessibility
statement, nor a long Welsh word in a question page's heading ("Ymddiriedaeth")."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from tests.factories import create_link

ZOOMED = {"width": 188, "height": 740}

# The widest element whose content is wider than its box, if any: what makes the page scroll.
WIDER_THAN_THE_PAGE = """() => {
  const page = document.documentElement;
  if (page.scrollWidth <= page.clientWidth) return null;
  const wide = [...document.querySelectorAll('main *, footer *')]
    .filter(e => !e.closest('.govuk-visually-hidden'))
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
  return {width: page.scrollWidth, inside: wide.slice(-1).map(e => e.textContent.trim())};
}"""


@pytest.mark.parametrize(
    "address",
    ["/privacy?lang=en", "/accessibility?lang=en", "/privacy?lang=cy", "/withdraw?lang=cy"],
)
def test_pages_about_the_service_fit_a_phone_zoomed_in(phone: Page, address: str):
    phone.set_viewport_size(ZOOMED)
    phone.goto(address)
    assert phone.evaluate(WIDER_THAN_THE_PAGE) is None


def test_a_welsh_question_page_fits_a_phone_zoomed_in(phone: Page):
    token = create_link("listening-session", event_date=dt.date.today()).token
    phone.set_viewport_size(ZOOMED)
    phone.goto(f"/r/{token}/trust?lang=cy")
    assert phone.locator("h1").inner_text() == "Ymddiriedaeth yn yr heddlu"
    assert phone.evaluate(WIDER_THAN_THE_PAGE) is None

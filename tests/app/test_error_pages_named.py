"""Error pages on public addresses look like the public pages around them: the service is
named as on those pages ("Demoshire Police feedback", "Adborth Demoshire Police" in Welsh), in
the respondent's language with no English left; on staff addresses they stay Listening Post."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from tests.app.test_welsh import WELSH_PO
from tests.app.welsh_helpers import english_leftovers
from tests.pages import Page

SERVICE = {"en": "Demoshire Police feedback", "cy": "Adborth Demoshire Police"}


@pytest.fixture(scope="module")
def welsh_po():
    with open(WELSH_PO, "rb") as handle:
        return read_po(handle, locale="cy")


def request(client, method: str, path: str) -> Page:
    response = client.open(path, method=method)
    return Page(response.status_code, path, response.get_data(as_text=True))


def service_name(page: Page) -> str:
    return page.soup.select_one(".govuk-service-navigation__service-name").get_text(strip=True)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no-such-page", 404),
        ("GET", "/r/ABCD/no/such/page", 404),
        ("DELETE", "/withdraw", 405),
        ("PUT", "/r", 405),
        ("GET", "/you-said-we-did?area=%00", 400),
    ],
)
def test_error_pages_on_public_addresses_name_the_public_service(
    client, welsh_po, language, method, path, status
):
    client.get(f"/privacy?lang={language}")
    page = request(client, method, path)
    assert page.status == status
    assert page.soup.html["lang"] == language
    assert page.title.endswith(f" – {SERVICE[language]}")
    assert service_name(page) == SERVICE[language]
    assert "Listening Post" not in page.html
    if language == "cy":
        assert english_leftovers(page, welsh_po) == []
        assert "The method is not allowed" not in page.text()
        assert "NUL character" not in page.text()


def test_error_pages_on_staff_addresses_stay_listening_post(client):
    page = request(client, "DELETE", "/sign-in")
    assert page.status == 405
    assert page.title == "Sorry, there is a problem – Listening Post"
    assert service_name(page) == "Listening Post"
    assert "This page cannot be used that way. Go back and try again." in page.text()

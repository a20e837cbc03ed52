"""The admins' Areas page counts codes offered and answered in each area by week for surveys of
the public only: in an area's week a staff survey's codes are few, and how many were answered
would say whether a colleague given one answered."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Role, db, today
from tests.factories import create_area, create_link
from tests.pages import Page
from tests.staff import signed_in


def _answered(survey: str, area: str) -> None:
    link = create_link(survey, area_code=area)
    link.answered, link.used_on = 1, today()


def _area_weeks(page: Page) -> list[list[str]]:
    heading = page.soup.select_one("#weeks-codes-offered-and-answered-in-each-area-by-week")
    table = heading.find_next("table")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]


def test_a_staff_surveys_codes_are_not_counted_by_area_and_week(client: FlaskClient, browser):
    north = create_area()
    _answered("stop-search", north.code)
    _answered("say-to-stay", north.code)
    create_link("say-to-stay", area_code=north.code)
    db.session.commit()
    signed_in(client, Role.ADMIN)

    page = browser.get("/admin/areas")

    rows = _area_weeks(page)
    assert len(rows) == 1
    area, _week, offered, answered, percent, answers = rows[0]
    assert (area, offered, answered, percent, answers) == ("North District", "1", "1", "100%", "1")
    assert "Say to Stay, are not counted here" in page.soup.select_one("#areas-weeks-staff").text

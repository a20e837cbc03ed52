"""Areas named in Welsh: admins give an area a Welsh name when they add or rename it, the Areas
list shows it, and Welsh readers of the public "You said, we did" pages see it, or the English
name marked as English when there is none. Adding, renaming and retiring an area are in the
audit log, in words. The demo's areas have Welsh names."""

from __future__ import annotations

import numpy as np
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import actions, surveys
from app.services.demo import DEMO_AREAS, DEMO_AREAS_CY, name_demo_areas_in_welsh
from app.services.demo.plan import prepare
from models import Area, AuditEvent, Role, User, db
from tests.app.demo_helpers import seed
from tests.factories import create_area
from tests.pages import Browser, Page
from tests.staff import forget_request_state, signed_in

NORTH = "North District"
NORTH_CY = "Ardal y Gogledd"
CENTRE = "City Centre"
CENTRE_CY = "Canol y Ddinas"


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def reader(app) -> Browser:
    """A member of the public's browser, signed out, on a client of its own."""
    forget_request_state()
    return Browser(app.test_client())


def _area(code: str) -> Area:
    db.session.expire_all()
    return db.session.scalar(select(Area).where(Area.code == code))


def _add(browser: Browser, **fields: str) -> Page:
    browser.get("/admin/areas/new")
    return browser.post(data={"name": NORTH, "code": "north", "name_cy": "", **fields})


def _edit(browser: Browser, code: str, **fields: str) -> Page:
    browser.get(f"/admin/areas/{code}")
    return browser.post(data={"name": NORTH, "name_cy": "", "active": "yes", **fields})


def _welsh_cells(page: Page) -> dict[str, str]:
    """The Areas list: each area's name and what its Welsh name cell says."""
    return {
        row.select("td")[0].get_text(strip=True): " ".join(row.select("td")[1].get_text().split())
        for row in page.soup.select("table.govuk-table")[0].select("tbody tr")
    }


def test_an_admin_gives_an_area_a_welsh_name_and_the_areas_list_shows_it(admin, browser):
    form = browser.get("/admin/areas/new")
    labels = [" ".join(label.get_text().split()) for label in form.soup.select("label")]
    assert "Welsh name (optional)" in labels
    assert form.soup.select_one("input[name='name_cy']")["lang"] == "cy"

    page = _add(browser, name_cy=f"  {NORTH_CY} ")
    assert page.url == "/admin/areas" and f"{NORTH} has been added" in page.text()
    assert _area("north").name_cy == NORTH_CY
    _add(browser, name=CENTRE, code="central")
    cells = _welsh_cells(browser.get("/admin/areas"))
    assert cells == {CENTRE: "None: Welsh readers see the English name", NORTH: NORTH_CY}
    assert browser.page.soup.select_one("td span[lang='cy']").get_text() == NORTH_CY

    # The edit form shows it; a new one replaces it; emptying it takes it away.
    edit = browser.get("/admin/areas/north")
    assert edit.soup.select_one("input[name='name_cy']")["value"] == NORTH_CY
    _edit(browser, "north", name_cy="Gogledd y Sir")
    assert _area("north").name_cy == "Gogledd y Sir"
    _edit(browser, "north", name_cy=" ")
    assert _area("north").name_cy is None
    assert _welsh_cells(browser.get("/admin/areas"))[NORTH] == (
        "None: Welsh readers see the English name"
    )


@pytest.mark.parametrize("page", ["new", "edit"])
@pytest.mark.parametrize(
    ("name_cy", "error"),
    [
        ("c" * 121, "Welsh name must be 120 characters or fewer"),
        ("canol Y DDINAS", "There is already an area called canol Y DDINAS in Welsh"),
    ],
)
def test_a_welsh_name_too_long_or_another_areas_is_refused_keeping_what_was_typed(
    admin, browser, page, name_cy, error
):
    create_area("central", CENTRE).name_cy = CENTRE_CY
    create_area("south", "South District")
    db.session.commit()
    if page == "new":
        shown = _add(browser, name="North and Coast", code="north", name_cy=name_cy)
    else:
        shown = _edit(browser, "south", name="North and Coast", name_cy=name_cy, active="no")
    assert shown.status == 400
    assert shown.title.startswith("Error: ")
    assert shown.error_summary() == [error]
    assert shown.field_errors() == [error]
    link = shown.soup.select_one(".govuk-error-summary a")["href"]
    assert shown.soup.select_one(link)["name"] == "name_cy"
    assert shown.soup.select_one("input[name='name_cy']")["value"] == name_cy
    assert shown.soup.select_one("input[name='name']")["value"] == "North and Coast"
    if page == "edit":
        assert shown.checked("active") == ["no"]
    # Nothing was saved, and nothing recorded.
    assert _area("north") is None
    south = _area("south")
    assert (south.name, south.name_cy, south.active) == ("South District", None, True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("area.%"))) is None


def test_an_area_may_keep_its_own_welsh_name_when_saved_again(admin, browser):
    create_area("central", CENTRE).name_cy = CENTRE_CY
    db.session.commit()
    page = _edit(browser, "central", name=CENTRE, name_cy=CENTRE_CY.upper())
    assert page.url == "/admin/areas"
    assert _area("central").name_cy == CENTRE_CY.upper()


def _publish(area: Area | None, said: str) -> None:
    survey = surveys.get_survey("stop-search")
    action = actions.create(
        survey,
        actions.ActionInput(
            you_said=said,
            we_did="Something was done about it.",
            status="done",
            area_code=area.code if area else None,
        ),
        None,
    )
    actions.set_published(action, True)
    db.session.commit()


def _area_links(page: Page) -> list[tuple[str, str | None]]:
    return [
        (a.get_text(strip=True), a.get("lang")) for a in page.soup.select("main ul.govuk-list a")
    ]


def test_welsh_readers_see_each_areas_welsh_name_or_its_english_name_marked_as_english(app, reader):
    north = create_area("north", NORTH)
    north.name_cy = NORTH_CY
    west = create_area("west", "West District")
    db.session.commit()
    _publish(north, "Nobody said why.")
    _publish(west, "The camera was off.")

    welsh = reader.get("/you-said-we-did?lang=cy")
    assert welsh.soup.html["lang"] == "cy"
    assert _area_links(welsh) == [(NORTH_CY, None), ("West District", "en")]
    assert NORTH not in welsh.text()

    area = reader.get("/you-said-we-did/north?lang=cy")
    assert area.h1 == NORTH_CY and area.soup.h1.get("lang") is None
    assert NORTH_CY in area.title and NORTH not in area.text() and NORTH not in area.title
    intro = " ".join(area.soup.select_one("p.govuk-body-l").get_text().split())
    # The name leads the sentence: after "yn" a Welsh name would have to mutate.
    assert intro.startswith(f"{NORTH_CY}: beth ddywedodd pobl wrth"), intro

    english_only = reader.get("/you-said-we-did/west?lang=cy")
    assert english_only.h1 == "West District" and english_only.soup.h1["lang"] == "en"
    intro = english_only.soup.select_one("p.govuk-body-l")
    assert intro.select_one("span[lang='en']").get_text() == "West District"
    assert intro.get("lang") is None  # the sentence itself is Welsh

    # English readers get the English names, marked as nothing.
    english = reader.get("/you-said-we-did?lang=en")
    assert _area_links(english) == [(NORTH, None), ("West District", None)]
    area = reader.get("/you-said-we-did/north?lang=en")
    assert area.h1 == NORTH and NORTH_CY not in area.text()
    assert not area.soup.select("main [lang]")


def test_an_area_with_nothing_published_says_so_with_its_name_in_the_readers_language(reader):
    create_area("central", CENTRE).name_cy = CENTRE_CY
    create_area("west", "West District")
    db.session.commit()
    welsh = reader.get("/you-said-we-did/central?lang=cy")
    sentences = [p.get_text() for p in welsh.soup.select("main p.govuk-body")]
    assert any(CENTRE_CY in sentence for sentence in sentences)
    assert CENTRE not in welsh.text()
    english_only = reader.get("/you-said-we-did/west?lang=cy")
    marked = english_only.soup.select("main p.govuk-body span[lang='en']")
    assert [span.get_text() for span in marked] == ["West District"]


def test_welsh_readers_get_the_areas_in_the_order_of_the_names_they_see(reader):
    # A-Z in English: City Centre, North District, West District.
    # A-Z in Welsh: Ardal y Gogledd, Canol y Ddinas, West District (no Welsh name).
    for code, name, name_cy in [
        ("central", CENTRE, CENTRE_CY),
        ("north", NORTH, NORTH_CY),
        ("west", "West District", None),
    ]:
        area = create_area(code, name)
        area.name_cy = name_cy
        db.session.commit()
        _publish(area, f"Something about {name}.")
    welsh = [name for name, _ in _area_links(reader.get("/you-said-we-did?lang=cy"))]
    assert welsh == [NORTH_CY, CENTRE_CY, "West District"]
    english = [name for name, _ in _area_links(reader.get("/you-said-we-did?lang=en"))]
    assert english == [CENTRE, NORTH, "West District"]


def _audit_rows(client: FlaskClient, action: str | None = None) -> list[list[str]]:
    url = f"/admin/audit?action={action}" if action else "/admin/audit"
    page = Browser(client).get(url)
    assert page.status == 200
    return [
        [" ".join(cell.get_text().split()) for cell in row.select("td")[1:]]
        for row in page.soup.select("#audit-events tbody tr")
    ]


def test_adding_renaming_and_retiring_an_area_are_in_the_audit_log_in_words(admin, browser, client):
    _add(browser, name_cy=NORTH_CY)
    _edit(browser, "north", name="North and Coast", name_cy=NORTH_CY)
    _edit(browser, "north", name="North and Coast", name_cy="Gogledd a'r Arfordir", active="no")
    _edit(browser, "north", name="North and Coast", name_cy="Gogledd a'r Arfordir")
    _edit(browser, "north", name="North and Coast", name_cy="Gogledd a'r Arfordir")  # no change

    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("area.%")).order_by(AuditEvent.id)
        )
    )
    assert [(e.action, e.target, e.actor) for e in events] == [
        ("area.add", "north", "admin@example.org"),
        ("area.rename", "north", "admin@example.org"),
        ("area.rename", "north", "admin@example.org"),
        ("area.retire", "north", "admin@example.org"),
        ("area.offer", "north", "admin@example.org"),
    ]
    assert all(e.occurred_at is not None for e in events)

    # Each names the area as it was called then, and as it is called now where that differs.
    rows = [row for row in _audit_rows(client) if row[1].startswith("Area")]
    who, target = "admin@example.org", "North and Coast (north)"
    before = f"{NORTH} (north), now called North and Coast"
    assert rows == [
        [who, "Area offered to officers again", target, "Name: North and Coast"],
        [who, "Area no longer offered to officers", target, "Name: North and Coast"],
        [
            who,
            "Area renamed",
            target,
            f"Old Welsh name: {NORTH_CY}; New Welsh name: Gogledd a'r Arfordir",
        ],
        [who, "Area renamed", before, f"Old name: {NORTH}; New name: North and Coast"],
        [who, "Area added", before, f"Name: {NORTH}; Welsh name: {NORTH_CY}"],
    ]

    # A Welsh name given to an area without one, and taken away, reads in words too.
    _add(browser, name=CENTRE, code="central")
    _edit(browser, "central", name=CENTRE, name_cy=CENTRE_CY)
    _edit(browser, "central", name=CENTRE, name_cy="")
    assert [row[3] for row in _audit_rows(client, "area.rename")][:2] == [
        f"Old Welsh name: {CENTRE_CY}; New Welsh name: not given",
        f"Old Welsh name: not given; New Welsh name: {CENTRE_CY}",
    ]
    assert _audit_rows(client, "area.add")[0][3] == f"Name: {CENTRE}"

    # The filter names the area actions in words.
    page = Browser(client).get("/admin/audit")
    options = {o["value"]: o.get_text(strip=True) for o in page.soup.select("#action option")}
    assert options["area.add"] == "Area added"
    assert options["area.retire"] == "Area no longer offered to officers"


def test_the_demo_areas_have_welsh_names(app):
    prepare(np.random.default_rng(1))
    db.session.expire_all()
    found = {area.code: area for area in db.session.scalars(select(Area))}
    assert set(found) == set(DEMO_AREAS)
    for code, area in found.items():
        assert (area.name, area.name_cy) == (DEMO_AREAS[code], DEMO_AREAS_CY[code])
    welsh = [name.casefold() for name in DEMO_AREAS_CY.values()]
    assert len(set(welsh)) == len(welsh)
    assert not set(DEMO_AREAS.values()) & set(DEMO_AREAS_CY.values())
    assert found["central"].name_cy == CENTRE_CY


def test_demo_areas_made_before_get_their_welsh_names_unless_an_admin_renamed_them(app, runner):
    create_area("north", NORTH)
    create_area("south", "Southside")  # renamed by an admin: left alone
    create_area("east", "East District").name_cy = "Dwyrain"  # has one of its own
    create_area("harbour", "Harbour")  # not a demo area
    db.session.commit()
    assert name_demo_areas_in_welsh() == 1
    assert [_area(code).name_cy for code in ("north", "south", "east", "harbour")] == [
        NORTH_CY,
        None,
        "Dwyrain",
        None,
    ]


def test_seeding_when_there_are_responses_already_still_names_the_demo_areas_in_welsh(runner):
    seed(runner, 100)
    # As a database seeded before areas had Welsh names.
    for area in db.session.scalars(select(Area)):
        area.name_cy = None
    db.session.commit()
    result = seed(runner, 100, 8, "--if-empty")
    assert "no demo data was added" in result.output
    assert f"Gave {len(DEMO_AREAS)} demo areas a Welsh name." in result.output
    assert _area("central").name_cy == CENTRE_CY
    assert "Welsh name" not in seed(runner, 100, 9, "--if-empty").output

"""Files the service makes, read as a browser and a spreadsheet would: every download is an
attachment with a safe name, kept by no cache and never sniffed as another type; a QR code's
SVG holds nothing that could run; the printed card and sheet show a survey's title as text,
whatever an admin typed."""

from __future__ import annotations

import io
import json
import re

import pytest
from defusedxml import ElementTree
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app.services import builder, builder_publish, qr
from models import Role
from tests.app.test_builder_import import HATE_CRIME
from tests.factories import create_link
from tests.results_data import add_responses, group
from tests.staff import signed_in

SVG = "{http://www.w3.org/2000/svg}"
SAFE_NAME = re.compile(r'^attachment; filename="[a-z0-9-]+\.(csv|xlsx|json|png|svg)"$')
MARKUP_TITLE = '<img src=x onerror="alert(1)"> Hate crime & "you"'


def _assert_a_safe_download(response, mimetype: str) -> None:
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert SAFE_NAME.match(response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_every_export_is_a_download_kept_by_no_cache(client: FlaskClient):
    add_responses(group(12, "white", answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ADMIN)
    _assert_a_safe_download(client.get("/results/stop-search/export.csv"), "text/csv")
    _assert_a_safe_download(
        client.get("/results/stop-search/export.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    _assert_a_safe_download(
        client.get("/admin/surveys/stop-search/export.json"), "application/json"
    )
    report = client.get("/results/stop-search/report")
    assert report.status_code == 200 and report.headers["Cache-Control"] == "no-store"


def test_an_officers_qr_downloads_are_safe_files(client: FlaskClient):
    officer = signed_in(client, Role.OFFICER)
    link = create_link(created_by_id=officer.id)
    png = client.get(f"/officer/codes/{link.token}/qr.png")
    _assert_a_safe_download(png, "image/png")
    image = Image.open(io.BytesIO(png.data))
    assert image.format == "PNG" and image.size[0] == image.size[1] <= 600

    svg = client.get(f"/officer/codes/{link.token}/qr.svg")
    _assert_a_safe_download(svg, "image/svg+xml")
    root = ElementTree.fromstring(svg.data)  # no entities, no DTD: refused if any
    assert root.tag == f"{SVG}svg"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "g", "path", "rect"}, tags  # nothing to run, nothing to fetch
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not {name for name in attributes if name.startswith("on") or "href" in name}
    # The token is in the file once, as the QR code; the name says only its first letters.
    assert link.token not in svg.headers["Content-Disposition"]


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40))
def test_an_inline_qr_code_keeps_its_name_as_text(label):
    """Whatever the accessible name, the SVG is one image with that name as its title."""
    svg = qr.svg("http://localhost/r/abc", label=label)
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    titles = root.findall("title")  # inline in HTML: no namespace
    assert len(titles) == 1 and (titles[0].text or "") == label
    assert not [element for element in root.iter() if element.tag.endswith("script")]


@pytest.fixture
def markup_survey() -> str:
    source = json.loads(json.dumps(HATE_CRIME))
    source["slug"] = "markup-survey"
    source["title"]["en"] = MARKUP_TITLE
    builder.import_source(json.dumps(source))
    builder_publish.publish("markup-survey")
    return "markup-survey"


def test_a_survey_title_typed_as_markup_is_text_on_the_printed_card_and_sheet(
    client: FlaskClient, markup_survey
):
    officer = signed_in(client, Role.OFFICER)
    link = create_link(markup_survey, created_by_id=officer.id)
    for url in (f"/officer/codes/{link.token}/card", f"/officer/codes/sheet?code={link.token}"):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        assert "<img src=x" not in html and 'onerror="alert' not in html
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Hate crime &amp; &#34;you&#34;" in html

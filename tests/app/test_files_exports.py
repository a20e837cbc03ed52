"""Exports attacked as a spreadsheet would read them: every name a person types (an area, a
theme, a survey's title and questions) that starts like a formula, in any of the ways a
spreadsheet takes for one, is text in the CSV and in the workbook; a separator inside a name
stays inside its cell; a character no spreadsheet can hold does not stop the file being made;
and a group hidden on the page is hidden in the CSV, the workbook and the printed report."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.services import builder, builder_publish
from app.services.export_cells import for_csv, starts_like_formula
from models import Role
from tests.app.test_builder_import import HATE_CRIME
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import add_responses, add_theme, group
from tests.staff import signed_in

#: Names that a spreadsheet could run as a formula: the signs themselves, a tab or carriage
#: return first, the signs after spaces or a line break, and Unicode's other forms of them.
FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example","Click")',
    "+44 20 7946 0000",
    "-1 Area",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n=1+1",
    "\u00a0+1",  # a no-break space first
    "\uff1dHYPERLINK(1)",  # full-width equals sign
    "\uff0b1",  # full-width plus sign
    "\uff0d1",  # full-width hyphen-minus
    "\uff20SUM(1)",  # full-width commercial at
    "\ufe66 1",  # small equals sign
    "\ufe62 1",  # small plus sign
    "\u207c1",  # superscript equals sign
]


def _csv_rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _book(client: FlaskClient, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return load_workbook(io.BytesIO(response.get_data()))


def _shown_as_formula(text: str) -> bool:
    """What a spreadsheet opening the CSV could take for a formula."""
    if text.startswith(("=", "+", "-", "@", "\t", "\r")):
        return True
    return unicodedata.normalize("NFKC", text.lstrip()[:1])[:1] in ("=", "+", "-", "@")


#: What an export leaves out of a name: control characters but tab, line feed and carriage
#: return, and the two code points that are not characters.
NOT_TEXT = {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_an_area_named_like_a_formula_is_text_in_the_csv_and_the_workbook(client, name):
    area = create_area("odd", name)
    add_responses(group(12, "white", area=area, answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)

    rows = _csv_rows(client, "/results/stop-search/export.csv?by=area")
    labels = {row["Group"] for row in rows if row["Group code"] == "odd"}
    assert labels == {"'" + name}  # the apostrophe, then the name as typed
    assert not any(_shown_as_formula(value) for row in rows for value in row.values())

    sheet = _book(client, "/results/stop-search/export.xlsx?by=area")["Results"]
    cells = [row[7] for row in sheet.iter_rows(min_row=2) if row[6].value == "odd"]
    # Shown as typed (a carriage return is read back from the workbook as a line break)...
    assert cells and all(cell.value == name.replace("\r", "\n") for cell in cells)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)  # ...as text


def test_a_separator_inside_a_name_stays_inside_its_cell(client):
    """A spreadsheet set to split on semicolons (as in much of Europe) would otherwise start a
    new cell, which could be a formula, at the semicolon."""
    add_responses(group(12, "white", area=create_area("semi", "South;@SUM(1)")))
    signed_in(client, Role.ANALYST)
    text = client.get("/results/stop-search/export.csv?by=area").get_data(as_text=True)
    assert '"South;@SUM(1)"' in text
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith('"Survey","Filters","Grouped by"')
    assert all(line.startswith('"') and line.endswith('"') for line in lines)


def test_a_name_with_characters_a_spreadsheet_cannot_hold_is_still_exported(client):
    """A control character in a name (pasted from another system) is left out, in both files
    alike; before, the workbook could not be made at all."""
    add_theme("Stop\x0csearch")
    texts = [("improve", "x", -0.4, ["Stop\x0csearch"])]
    area = create_area("odd", "Vale\x0bof\x01Glamorgan")
    add_responses(group(15, "white", area=area, answers={"satisfaction": "x"}, texts=texts))
    signed_in(client, Role.ANALYST)
    book = _book(client, "/results/stop-search/export.xlsx?by=area")
    values = {cell.value for row in book["Results"].iter_rows() for cell in row}
    assert {"Stopsearch", "ValeofGlamorgan"} <= values
    rows = _csv_rows(client, "/results/stop-search/export.csv?by=area")
    assert "ValeofGlamorgan" in {row["Group"] for row in rows}
    assert "Stopsearch" in {row["Item"] for row in rows}


@pytest.fixture
def formula_survey() -> str:
    """A survey built and imported by an admin, its title and a question's text typed to run
    as formulas."""
    source = json.loads(json.dumps(HATE_CRIME))
    source["slug"] = "formula-survey"
    source["title"]["en"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    source["pages"][0]["questions"][0]["text"]["en"] = '=HYPERLINK("http://evil.example")'
    builder.import_source(json.dumps(source))
    builder_publish.publish("formula-survey")
    add_responses(
        group(12, "white", answers={"kept_informed": "yes"})
        + group(4, "black", answers={"kept_informed": "no"}),
        slug="formula-survey",
    )
    return "formula-survey"


def test_a_survey_title_and_question_typed_as_formulas_are_text(client, formula_survey):
    signed_in(client, Role.ANALYST)
    rows = _csv_rows(client, f"/results/{formula_survey}/export.csv")
    assert {row["Survey"] for row in rows} == {"'@SUM(1+1)*cmd|' /C calc'!A0"}
    assert '\'=HYPERLINK("http://evil.example")' in {row["Section"] for row in rows}
    book = _book(client, f"/results/{formula_survey}/export.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    typed = [cell for cell in cells if starts_like_formula(cell.value)]
    assert typed and all(cell.quotePrefix and cell.data_type == "s" for cell in typed)
    # The About sheet starts with the title too: as text.
    assert book["About"]["A1"].value.startswith("@SUM(1+1)")
    assert book["About"]["A1"].quotePrefix


def test_a_hidden_group_is_hidden_in_the_csv_the_workbook_and_the_report(client, formula_survey):
    """Four Black respondents: fewer than the threshold, so no file says how many, or what
    share of them, answered anything."""
    signed_in(client, Role.ANALYST)
    rows = _csv_rows(client, f"/results/{formula_survey}/export.csv")
    black = [row for row in rows if row["Group code"] == "black"]
    assert black and all(row["n"] == "[c]" for row in black)
    assert all(row["Value"] in ("[c]", "") for row in black)
    assert not any("4" in row["n"] + row["Value"] for row in black)

    sheet = _book(client, f"/results/{formula_survey}/export.xlsx")["Results"]
    header = [cell.value for cell in sheet[1]]
    n, value, code = header.index("n"), header.index("Value"), header.index("Group code")
    black_cells = [row for row in sheet.iter_rows(min_row=2) if row[code].value == "black"]
    assert black_cells and all(row[n].value == "[c]" for row in black_cells)
    assert all(row[value].value in ("[c]", None) for row in black_cells)

    report = Browser(client).get(f"/results/{formula_survey}/report")
    assert report.status == 200
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in report.soup.find_all("tr")
        if row.th and row.th.get_text(strip=True).startswith("Black")
    ]
    assert len(rows) >= 2  # respondents, and the question's favourable answers
    assert all(cells and all(cell.startswith("[c]") for cell in cells) for cells in rows)


@given(st.text(max_size=30))
@example("=1")
@example("\uff1d1")
@example(" \t@x")
@example("\x00=1")
@example("'=1")
def test_no_csv_cell_starts_like_a_formula(text):
    cell = for_csv(text)
    kept = text.translate(NOT_TEXT)  # nothing lost but what no spreadsheet can hold
    assert cell == ("'" + kept if _shown_as_formula(kept) else kept)
    assert not _shown_as_formula(cell)

"""Exports: the figures on screen as CSV and Excel, safe to open in a spreadsheet, served as
attachments, and recorded in the audit log without any answers."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.services.export import neutralise
from models import AuditEvent, Role, db
from tests.factories import create_area
from tests.results_data import add_responses, add_theme, group
from tests.staff import signed_in

FORMULA_THEME = '=HYPERLINK("http://evil.example","Click")'


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def results_with_formula_theme() -> None:
    """A theme whose name (from the analysts' taxonomy of free text) starts with "="."""
    add_theme(FORMULA_THEME)
    texts = [("improve", "=1+1 was my answer", -0.4, [FORMULA_THEME])]
    add_responses(group(15, "white", answers={"satisfaction": "satisfied"}, texts=texts))
    add_responses(group(12, "black", answers={"satisfaction": "dissatisfied"}, texts=texts))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 20", "'+44 20"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain", "Plain"),
        (-0.25, -0.25),
        (None, None),
    ],
)
def test_formula_starts_get_an_apostrophe(value, expected):
    assert neutralise(value) == expected


def test_csv_export_neutralises_a_free_text_derived_cell(client, results_with_formula_theme):
    signed_in(client, Role.ANALYST)
    response = client.get("/results/stop-search/export.csv?by=ethnic_group")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="stop-search-by-ethnic-group-made-'
    )
    text = response.get_data(as_text=True)
    theme_rows = [row for row in _rows(text) if FORMULA_THEME in row["Item"]]
    assert len(theme_rows) == 3  # White, Black, all respondents
    # The cell starts with an apostrophe; the answers themselves are never exported.
    assert all(row["Item"] == "'" + FORMULA_THEME for row in theme_rows)
    assert all(not value.startswith("=") for row in _rows(text) for value in row.values())
    assert "=1+1 was my answer" not in text


def test_csv_export_has_the_figures_on_screen(client: FlaskClient, browser):
    add_responses(group(30, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(10, "white", answers={"satisfaction": "dissatisfied"}))
    add_responses(group(20, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    rows = _rows(client.get("/results/stop-search/export.csv").get_data(as_text=True))
    satisfied = {
        row["Group code"]: row
        for row in rows
        if row["Section"].startswith("Overall, how satisfied")
    }
    assert satisfied["white"]["n"] == "40" and satisfied["white"]["Value"] == "75.0"
    assert satisfied["black"]["Value"] == "0.0" and satisfied["black"]["Significant difference"]
    assert satisfied["all"]["n"] == "60"


def test_xlsx_export_is_a_workbook_with_the_same_cells_neutralised(
    client, results_with_formula_theme
):
    area = create_area("minus", "-1 Area")
    add_responses(group(12, "white", area=area, answers={"satisfaction": "satisfied"}))
    signed_in(client, Role.ANALYST)
    response = client.get("/results/stop-search/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet = book["Results"]
    # The theme's name as it was typed, kept as text (as Excel keeps an entry typed with a
    # leading apostrophe), never as a formula.
    themes = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_THEME]
    assert len(themes) == 3 and all(cell.quotePrefix for cell in themes)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "About" in book.sheetnames
    # An area's name, typed by an admin, is a group label when grouping by area.
    by_area = load_workbook(io.BytesIO(client.get("/results/stop-search/export.xlsx?by=area").data))
    labels = {row[7] for row in by_area["Results"].iter_rows(min_row=2)}
    minus = [cell for cell in labels if cell.value == "-1 Area"]
    assert minus and all(cell.quotePrefix and cell.data_type == "s" for cell in minus)


def test_each_export_is_in_the_audit_log_without_answers(client, results_with_formula_theme):
    user = signed_in(client, Role.ANALYST)
    client.get("/results/stop-search/export.csv?by=sex&start=4&start=2026")
    client.get("/results/stop-search/export.xlsx")
    exports = select(AuditEvent).where(AuditEvent.action == "results.export")
    events = db.session.scalars(exports.order_by(AuditEvent.id)).all()
    assert [(e.action, e.target) for e in events] == [
        ("results.export", "stop-search"),
        ("results.export", "stop-search"),
    ]
    assert events[0].actor_id == user.id and events[0].actor == user.email
    assert events[0].detail["format"] == "csv" and events[0].detail["by"] == "sex"
    assert events[0].detail["from"] == "2026-04"
    assert events[1].detail["format"] == "xlsx"
    assert "answer" not in str(events[0].detail).lower()


def test_an_export_with_bad_filters_is_refused_and_not_logged(client: FlaskClient):
    signed_in(client, Role.ANALYST)
    response = client.get("/results/stop-search/export.csv?start=99&start=2026")
    assert response.status_code == 400
    # Views by date are whole quarters: a range from February is refused too.
    for query in ("start=2&start=2026", "end=5&end=2026"):
        response = client.get(f"/results/stop-search/export.xlsx?{query}")
        assert response.status_code == 400, query
        assert "Content-Disposition" not in response.headers
        assert "of a quarter" in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "results.export")) is None
    )

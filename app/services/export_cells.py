"""Cells of an export that a spreadsheet reads as text, never as a formula, and that every
spreadsheet can hold.

Names in an export are typed by people: areas and surveys by admins, themes by analysts,
listening sessions by officers, questions and options by whoever built the survey. A cell
that starts like a formula would be run when the file is opened, so it is marked as text:

- in CSV, with a leading apostrophe, and every cell in double quotes, so that a separator
  inside a name (a semicolon, where a spreadsheet splits on semicolons) stays inside its cell;
- in XLSX, as a text cell with Excel's "quote prefix", which is how Excel itself keeps an
  entry typed with a leading apostrophe: the cell shows the name as it was typed, and stays
  text if it is edited.

A cell starts like a formula if its first character is =, +, -, @, a tab or a carriage
return, or if its first character that is not a space is one of =, +, - or @ in any of
Unicode's forms (full-width "＝", small "﹢" and so on), which some spreadsheets take for
the sign itself.

Characters that are not text (control characters other than tab, line feed and carriage
return, and halves of a character, which no name should hold) are left out of both files:
an XLSX cell cannot hold them, and the CSV says the same as the workbook.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_SIGNS = frozenset("=+-@")
#: Characters that are not text: control characters but tab, line feed and carriage return,
#: halves of a character, and the two code points that are not characters.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def as_text(value: Any) -> Any:
    """A text value without the characters that are not text; anything else as it is."""
    return NOT_TEXT.sub("", value) if isinstance(value, str) else value


def starts_like_formula(value: Any) -> bool:
    """Whether a spreadsheet could read the text ``value`` as a formula."""
    if not isinstance(value, str):
        return False
    if value.startswith(FORMULA_STARTS):
        return True
    first = value.lstrip()[:1]
    return unicodedata.normalize("NFKC", first)[:1] in FORMULA_SIGNS


def for_csv(value: Any) -> Any:
    """A CSV cell: text without what is not text, with a leading apostrophe if it starts like
    a formula."""
    value = as_text(value)
    return "'" + value if starts_like_formula(value) else value


def append_row(sheet: Worksheet, values: list[Any]) -> None:
    """Adds ``values`` as the sheet's next row: text that starts like a formula as a text cell
    with a quote prefix (openpyxl would make it a formula), and nothing that is not text."""
    sheet.append([_xlsx_cell(sheet, as_text(value)) for value in values])


def _xlsx_cell(sheet: Worksheet, value: Any) -> Any:
    if not starts_like_formula(value):
        return value
    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell

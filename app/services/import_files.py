"""Reading a survey definition that an admin uploads or pastes, before it is checked.

An uploaded file is read whole up to :data:`MOST_BYTES`, never cut short: a bigger one is
refused, saying how big it may be. It may be UTF-8, with or without a byte-order mark, or
UTF-16 or UTF-32 with one (as some editors on Windows save "Unicode" text); anything else is
refused, saying what it must be. Nothing in the file is unpacked or followed: it is JSON text
or it is refused.

A definition's text may name, as a JSON escape, a character that is not text: a NUL
(``\\u0000``), another control character, or half of a character (``\\ud800`` alone). None
can be shown on a page or put in a spreadsheet cell, and half a character is no UTF-8 at all
(the draft's page failed on it), so :func:`not_text` finds the first, by line and column, for
the import to refuse it.
"""

from __future__ import annotations

import codecs
import re
from typing import IO

from app.services.export_cells import NOT_TEXT  # the characters no spreadsheet cell can hold

#: The longest definition pasted, and the largest file read: a file's text is never longer
#: than its bytes, so whatever a file held can be put right in the box and sent again.
MOST_CHARACTERS = 500_000
MOST_BYTES = 500_000
MOST_SIZE = "500KB"

#: Byte-order marks, longest first (UTF-32's little-endian mark starts like UTF-16's).
MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Every backslash escape in a JSON text, in order, so that an escaped backslash followed by
#: "u0000" is read as the backslash and then text, not as the escape of a NUL.
ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
TEXT_CONTROLS = (0x09, 0x0A, 0x0D)
#: What JSON's short escapes write: \b and \f are not text.
SHORT_ESCAPES = {"b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09}


class FileProblem(ValueError):
    """Why an uploaded file cannot be read, as the file field's error message."""


def read_upload(upload: IO[bytes]) -> str:
    """The text of an uploaded definition file. Raises :class:`FileProblem`."""
    raw = upload.read(MOST_BYTES + 1)
    if len(raw) > MOST_BYTES:
        raise FileProblem(f"The selected file must be smaller than {MOST_SIZE}")
    if not raw.strip():
        raise FileProblem("The selected file is empty")
    encoding = next((name for mark, name in MARKS if raw.startswith(mark)), "utf-8")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise FileProblem(
            "The selected file must be a JSON file saved as UTF-8 text: save it as UTF-8 "
            "and select it again"
        ) from None
    # A NUL is taken out, as it is from a pasted definition: shown back in the box, a
    # browser would turn it into "\ufffd" and import that.
    return text.removeprefix("\ufeff").replace("\x00", "")


def _bad(code: int) -> bool:
    return (code < 0x20 and code not in TEXT_CONTROLS) or code in (0xFFFE, 0xFFFF)


def _code(escape: str) -> int | None:
    """The character a JSON escape (what follows its backslash) writes; None for \\", \\\\
    and \\/, which write only what follows them."""
    if len(escape) == 5:
        return int(escape[1:], 16)
    return SHORT_ESCAPES.get(escape)


def not_text(text: str) -> tuple[str, int, int] | None:
    """The first character that is not text in a JSON ``text`` (one that ``json`` has read
    without error), written as a JSON escape or as itself: the character as "U+XXXX", and the
    line and column it starts at; None when there is none."""
    found: list[tuple[int, int]] = []  # (position, code)
    escapes = [(m.start(), m.end(), _code(m.group(1))) for m in ESCAPE.finditer(text)]
    index = 0
    while index < len(escapes):
        start, end, code = escapes[index]
        index += 1
        if code is None:
            continue
        if 0xD800 <= code <= 0xDBFF and index < len(escapes):
            after, _end, low = escapes[index]
            if after == end and low is not None and 0xDC00 <= low <= 0xDFFF:
                index += 1  # a whole character, written as its two halves
                continue
        if 0xD800 <= code <= 0xDFFF or _bad(code):
            found.append((start, code))
            break
    raw = NOT_TEXT.search(text)
    if raw is not None:
        found.append((raw.start(), ord(raw.group())))
    if not found:
        return None
    position, code = min(found)
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"U+{code:04X}", line, column

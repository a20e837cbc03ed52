"""Names staff give things (areas, listening sessions, API tokens), kept to what can be seen.

Some characters cannot be seen but change the text around them: a right-to-left override
(U+202E) shows what follows it backwards, on the staff pages and, for a session's name, on the
survey's start page; zero-width spaces make a name that looks empty, or looks like another.
:func:`plain_name` leaves those out and tidies the spaces; a name with nothing visible left is
no name at all, so the form asks for one.
"""

from __future__ import annotations

import unicodedata

#: Direction marks, embeddings, overrides and isolates; the zero-width space and word joiner;
#: the byte order mark. Zero-width joiners and non-joiners are kept (emoji and some scripts need
#: them), but a name of nothing else is no name.
LEFT_OUT = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def _visible(char: str) -> bool:
    """Whether the character shows as something: not a space, control or format character."""
    return not unicodedata.category(char).startswith(("C", "Z"))


def plain_name(value: str | None) -> str:
    """``value`` without the characters in :data:`LEFT_OUT` or controls, its spaces tidied to
    one between words; "" when nothing visible is left."""
    kept = "".join(
        char
        for char in value or ""
        if char.isspace()
        or (char not in LEFT_OUT and unicodedata.category(char) not in ("Cc", "Cs"))
    )
    name = " ".join(kept.split())
    return name if any(_visible(char) for char in name) else ""

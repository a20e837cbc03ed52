"""Reading grouped rows as SQL returns them: objects with attributes, mappings or tuples."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["NOT_STATED", "group_code", "merge_rows", "row_fields"]

#: The code of the "Not stated" group (skipped the question or preferred not to say).
NOT_STATED = "not_stated"


def group_code(group: object) -> str:
    """A group's code; a NULL or empty group is "not stated".

    Parameters
    ----------
    group : object
        The group value from a row.

    Returns
    -------
    str
        The code, ``"not_stated"`` for None or ``""``.
    """
    return NOT_STATED if group is None or group == "" else str(group)


def row_fields(row: object, names: Sequence[str]) -> tuple[Any, ...]:
    """The named fields of a row: by attribute (SQLAlchemy ``Row``, dataclass), key or position.

    Parameters
    ----------
    row : object
        An object with the attributes, a mapping with the keys, or a tuple in that order.
    names : sequence of str
        Field names.

    Returns
    -------
    tuple
        The values, in the order of ``names``.

    Raises
    ------
    TypeError
        If the row has none of these shapes.
    """
    if isinstance(row, Mapping):
        return tuple(row[name] for name in names)
    if all(hasattr(row, name) for name in names):
        return tuple(getattr(row, name) for name in names)
    if isinstance(row, Sequence) and not isinstance(row, str) and len(row) == len(names):
        return tuple(row)
    raise TypeError(f"row needs {', '.join(names)} (attributes, keys or a tuple): {row!r}")


def merge_rows(rows: Iterable[object], names: Sequence[str]) -> dict[str, list[Any]]:
    """Rows keyed by group code in first-seen order; rows of the same group are added up.

    Parameters
    ----------
    rows : iterable
        Rows whose first field is the group and second the count ``n``.
    names : sequence of str
        Field names, starting ``("group", "n", ...)``.

    Returns
    -------
    dict of str to list
        Group code to the summed remaining fields.

    Raises
    ------
    ValueError
        If a count is negative, not finite or not a number.
    """
    merged: dict[str, list[Any]] = {}
    for row in rows:
        group, *values = row_fields(row, names)
        code = group_code(group)
        n = values[0]
        if isinstance(n, bool) or not isinstance(n, int | float) or not math.isfinite(n) or n < 0:
            raise ValueError(f"bad n for group {code!r}: {n!r}")
        if code in merged:
            merged[code] = [a + b for a, b in zip(merged[code], values, strict=True)]
        else:
            merged[code] = list(values)
    return merged

"""Cursor pagination over keyset order: a cursor is the sort key of the last row returned."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from practicerunner.domain.errors import InvalidValue


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidValue("The cursor is not valid.", field="cursor") from None
    if not isinstance(values, list) or len(values) != size:
        raise InvalidValue("The cursor is not valid.", field="cursor")
    return values


def keyset_where(columns: tuple[str, ...], cursor: list[Any] | None) -> tuple[str, list[Any]]:
    """``(a, b) > (x, y)`` spelled out portably."""
    if cursor is None:
        return "", []
    clauses, params = [], []
    for i, col in enumerate(columns):
        eq = [f"{c} = %s" for c in columns[:i]]
        clauses.append("(" + " AND ".join([*eq, f"{col} > %s"]) + ")")
        params.extend([*cursor[:i], cursor[i]])
    return "(" + " OR ".join(clauses) + ")", params


def page_of(rows: list[dict[str, Any]], limit: int, sort: tuple[str, ...]) -> Page:
    if len(rows) > limit:
        rows = rows[:limit]
        return Page(rows, encode_cursor([rows[-1][c] for c in sort]))
    return Page(rows, None)

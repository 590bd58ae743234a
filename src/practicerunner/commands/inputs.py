"""The strict value types every command's input uses, so that JSON means one thing only.

* Money, counts and durations are JSON integers: ``"150.00"``, ``150.5`` and ``true`` are
  refused, never read as 150 or 1 (``Cents``, ``Count``, ``Minutes``, ``Hours``).
* Yes/no is a JSON boolean, not ``"yes"`` or ``1`` (``Flag``).
* An instant is an ISO 8601 string with a UTC offset (``2026-03-09T15:00:00Z``); a Unix
  number, a bare date or a time without offset is refused (``Instant``). Python callers may
  pass an aware ``datetime``.
* Text never holds control characters or NUL: ``Command`` checks every string field; names
  and other one-line values (``Line``) refuse line breaks too.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, Strict

_ISO_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$"
)
_TEXT_CONTROLS_ALLOWED = frozenset("\n\r\t")


def _instant(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_INSTANT.match(value):
        raise ValueError("a time is an ISO 8601 string with an offset, e.g. 2026-03-09T15:00:00Z")
    return value


def control_characters_in(value: str, *, multiline: bool) -> bool:
    """NUL and other control characters (and lone surrogates, which no store can encode);
    multi-line text may hold line breaks and tabs."""
    allowed = _TEXT_CONTROLS_ALLOWED if multiline else frozenset()
    for c in value:
        if c in allowed:
            continue
        if unicodedata.category(c) in ("Cc", "Cs"):
            return True
        if not multiline and c in "\u2028\u2029":
            return True
    return False


def refuse_control_characters(value: Any) -> None:
    """Walks a validated value (strings, lists, mappings) and refuses control characters."""
    if isinstance(value, str):
        if control_characters_in(value, multiline=True):
            raise ValueError("text must not hold control characters or NUL")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            refuse_control_characters(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_control_characters(key)
            refuse_control_characters(item)


def _one_line(value: str | None) -> str | None:
    if value is not None and control_characters_in(value, multiline=False):
        raise ValueError("must be one line without control characters")
    return value


Cents = Annotated[int, Strict()]
"""Money in integer cents; the domain sets its bounds (``fee_must_not_be_negative``)."""
Count = Annotated[int, Strict(), Field(ge=0, le=10_000)]
Minutes = Annotated[int, Strict()]
"""A duration in whole minutes; its bounds are the domain's (a service's length)."""
Flag = Annotated[bool, Strict()]
Instant = Annotated[AwareDatetime, BeforeValidator(_instant)]
Line = Annotated[str, AfterValidator(_one_line)]
"""One line of text: a name, a title, a label."""

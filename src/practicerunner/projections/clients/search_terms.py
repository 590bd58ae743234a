"""Blind-index terms for finding people whose names and contact points are sealed.

A person's row holds names, emails and phones only as ciphertext, which SQL cannot match. Beside
it, ``people_terms`` holds one keyed token (``Sealer.blind``) per normalised name-word prefix
(1 to ``PREFIX_LIMIT`` characters), per email address and per phone number. A search computes
the same tokens from what was typed and matches them exactly. See docs/data-protection.md for
what the tokens reveal (equality and frequency, never the value) and why prefixes stop at 16.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from practicerunner.adapters.readstore import Sealer

PREFIX_LIMIT = 16
NAME, EMAIL, PHONE = "person-name-prefix", "person-email", "person-phone"
_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """Lower-case, accent-free words: "Zoë O'Neil-Smith" -> ["zoe", "o", "neil", "smith"]."""
    if not text:
        return []
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(plain)


def email_value(address: str) -> str:
    return address.strip().casefold()


def phone_value(number: str) -> str:
    """Digits only, so "+1 (555) 010-2000" and "+15550102000" are one number."""
    return "".join(c for c in number if c.isdigit())


def name_words(row: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for column in (
        "given_name", "family_name", "middle_name", "preferred_name", "organisation_name",
    ):  # fmt: skip
        found.update(words(row.get(column)))
    return found


def person_terms(sealer: Sealer, row: dict[str, Any]) -> set[str]:
    """Every token under which this person (a decoded row) can be found."""
    terms = {
        sealer.blind(NAME, word[:length])
        for word in name_words(row)
        for length in range(1, min(len(word), PREFIX_LIMIT) + 1)
    }
    for email in _contact_values(row.get("emails"), "address"):
        terms.add(sealer.blind(EMAIL, email_value(email)))
    for phone in _contact_values(row.get("phones"), "number"):
        if phone_value(phone):
            terms.add(sealer.blind(PHONE, phone_value(phone)))
    return terms


def query_terms(sealer: Sealer, name: str) -> list[str]:
    """The tokens a name search must all match: one per word typed."""
    return sorted({sealer.blind(NAME, word[:PREFIX_LIMIT]) for word in words(name)})


def _contact_values(points: Any, field: str) -> Iterable[str]:
    if isinstance(points, str):
        points = json.loads(points)
    for point in points or []:
        value = point.get(field) if isinstance(point, dict) else None
        if isinstance(value, str):
            yield value

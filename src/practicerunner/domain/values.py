"""Small value rules shared by aggregates: slugs, emails, timezones, codes, money."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from practicerunner.domain.errors import InvalidValue

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
EMAIL_PATTERN = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
NPI_PATTERN = re.compile(r"^\d{10}$")
CPT_PATTERN = re.compile(r"^\d{4}[0-9A-Z]$")
TAXONOMY_PATTERN = re.compile(r"^[0-9A-Z]{9}X$")
RESERVED_SLUGS = frozenset({"api", "admin", "docs", "health", "o", "static", "www", "login"})


@cache
def _tz_database() -> tuple[frozenset[str], dict[str, str]]:
    """The canonical zones of the installed tz database (its ``Z`` lines) and its links
    (``L target name``), read from the ``tzdata`` package's compact source."""
    text = resources.files("tzdata").joinpath("zoneinfo/tzdata.zi").read_text("utf-8")
    zones, links = set(), {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "Z":
            zones.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return frozenset(zones), links


def slug_must_be_well_formed(slug: str) -> str:
    if not SLUG_PATTERN.match(slug) or "--" in slug:
        raise InvalidValue(
            "A slug is 3 to 63 lowercase letters, digits and single hyphens, "
            "starting and ending with a letter or digit.",
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise InvalidValue(f"The slug '{slug}' is reserved.", field="slug")
    return slug


def email_must_be_valid(email: str) -> str:
    email = email.strip()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise InvalidValue("That is not a valid email address.", field="email")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def timezone_must_exist(name: str) -> str:
    """A canonical IANA zone with rules (``Area/Location``, or ``Etc/UTC``): legacy fixed
    zones (``EST``, ``EST5EDT``, ``Etc/GMT+5``) and links (``US/Eastern``) are refused, a
    link with the name it stands for."""
    zones, links = _tz_database()
    if "/" not in name or (name.startswith("Etc/") and name != "Etc/UTC"):
        raise InvalidValue(
            f"'{name}' is not a place's timezone; use an IANA name such as America/New_York.",
            field="timezone",
        )
    if name in links:
        raise InvalidValue(
            f"'{name}' is an old alias; use its canonical name {links[name]}.",
            field="timezone",
        )
    if name not in zones:
        raise InvalidValue(
            f"Unknown timezone '{name}'; use an IANA name such as America/New_York.",
            field="timezone",
        )
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError as e:  # pragma: no cover - tzdata is a dependency
        raise InvalidValue(f"Unknown timezone '{name}'.", field="timezone") from e
    return name


def npi_must_be_valid(npi: str) -> str:
    """An NPI is 10 digits whose last digit is a Luhn check over the prefix 80840."""
    if not NPI_PATTERN.match(npi):
        raise InvalidValue("An NPI is exactly 10 digits.", field="npi")
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    if total % 10 != 0:
        raise InvalidValue("That NPI fails its check digit.", field="npi")
    return npi


def cpt_code_must_be_valid(code: str) -> str:
    if not CPT_PATTERN.match(code):
        raise InvalidValue(
            "A CPT code is four digits and a digit or capital letter (e.g. 90837).",
            field="cpt_code",
        )
    return code


def taxonomy_must_be_valid(code: str) -> str:
    if not TAXONOMY_PATTERN.match(code):
        raise InvalidValue(
            "A taxonomy code is 10 characters ending in X (e.g. 101YP2500X).", field="taxonomy"
        )
    return code


def fee_must_not_be_negative(cents: int) -> int:
    if cents < 0:
        raise InvalidValue("A fee is never negative.", field="fee_cents")
    if cents > 10_000_000:
        raise InvalidValue("A fee above $100,000 is not accepted.", field="fee_cents")
    return cents


def name_must_be_present(value: str, field: str = "name", max_length: int = 200) -> str:
    value = value.strip()
    if not value:
        raise InvalidValue(f"The {field.replace('_', ' ')} must not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidValue(
            f"The {field.replace('_', ' ')} is longer than {max_length} characters.", field=field
        )
    return value

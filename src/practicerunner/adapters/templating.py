"""Render transactional emails from the package's Jinja2 templates.

An email called ``name`` consists of three templates under ``templates/email/``:
``name.subject.txt``, ``name.txt`` and ``name.html``. Only the ``.html`` template is
autoescaped; every variable a template uses must be passed in (``StrictUndefined``), so
an email never silently renders with a missing value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["RenderedEmail", "format_local_datetime", "render_email"]

_NAME = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def format_local_datetime(value: datetime, timezone: str) -> str:
    """Format an aware datetime in an IANA timezone, e.g. ``Friday, 5 December 2025, 14:30
    (Europe/Berlin)``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("refusing to format a naive datetime; pass a timezone-aware value")
    local = value.astimezone(ZoneInfo(timezone))
    return f"{local:%A}, {local.day} {local:%B %Y, %H:%M} ({timezone})"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("practicerunner", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_datetime"] = format_local_datetime
    return env


def render_email(name: str, **context: Any) -> RenderedEmail:
    """Render the subject, plain-text and HTML bodies of the email template ``name``."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"invalid email template name: {name!r}")
    env = _environment()
    subject = env.get_template(f"email/{name}.subject.txt").render(**context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=env.get_template(f"email/{name}.txt").render(**context),
        html=env.get_template(f"email/{name}.html").render(**context),
    )

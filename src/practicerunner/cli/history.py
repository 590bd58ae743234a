"""``practicerunner history``: a record (or a case with its appointments) as it was at a
version or an instant, with every event up to it, who did it and for whom.

On a terminal it draws tables; piped or redirected it prints plain aligned text (no escape
codes, no box drawing, nothing cut short) that reads well in a file or a pager; ``--json``
is for programs. Times are shown in the practice's timezone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.cli.common import console, make_runtime
from practicerunner.domain.errors import DomainError

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AS_OF_HELP = (
    "A day, YYYY-MM-DD (the end of that day in the practice's timezone), or an instant with "
    "its offset, e.g. 2026-03-01T12:00:00+00:00 or 2026-03-01T12:00:00Z."
)


def parse_as_of(value: str | None) -> date | datetime | None:
    """A calendar day or an aware instant; anything else is a usage error (exit code 2)."""
    if value is None:
        return None
    text = value.strip()
    try:
        if DAY.match(text):
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is neither a day nor an instant. {AS_OF_HELP}"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise typer.BadParameter(
            f"{value!r} has no offset: say which instant, e.g. {text}+00:00, or give a day."
        )
    return moment


def end_of_day(day: date, timezone: str) -> datetime:
    """The last instant of ``day`` in ``timezone`` (a day lasts 23 or 25 hours across DST)."""
    next_midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=ZoneInfo(timezone))
    return next_midnight.astimezone(UTC) - timedelta(microseconds=1)


def _practice_timezone(rt: Runtime, practice_id: str | None) -> str:
    """The practice's timezone, from its own events; UTC for records of no practice."""
    from practicerunner.commands.base import load
    from practicerunner.domain.practice.practice import Practice

    if practice_id is None:
        return "UTC"
    try:
        return load(rt.stores.practice, Practice, practice_id, None).timezone
    except DomainError:
        return "UTC"


def _names(rt: Runtime) -> Any:
    """Who acted, by name: the staff and people read models, brought up to date first (a
    one-shot command cannot count on a running server to have projected them)."""
    from practicerunner.projections.scheduling.queries import SchedulingReadModels

    for projection in ("staff", "people"):
        if projection in rt.engine.projections:
            rt.engine.catch_up(projection)
    return SchedulingReadModels(rt.engine).actor_names


def _instant(
    rt: Runtime, record_id: UUID, as_of: date | datetime | None
) -> tuple[datetime | None, str, str | None]:
    """(the instant to replay to, the practice's timezone, how to say which moment)."""
    from practicerunner.projections.audit.history import aggregate_history

    now = aggregate_history(rt.stores, record_id)
    zone = _practice_timezone(rt, now.practice_id)
    if isinstance(as_of, datetime):
        return as_of, zone, f"as of {_local(as_of, zone)}"
    if isinstance(as_of, date):
        return end_of_day(as_of, zone), zone, f"as of the end of {as_of.isoformat()} ({zone})"
    return None, zone, None


def _local(moment: datetime | str, zone: str) -> str:
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S %Z")


def _who(name: str | None, ident: str | None) -> str:
    return name or ident or ""


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _changes(data: dict[str, Any]) -> str:
    return "  ".join(f"{k}={_value(v)}" for k, v in data.items())


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table on a terminal; plain columns two spaces apart otherwise (the last column is
    never padded or cut)."""
    if console.is_terminal:
        table = Table(*headers)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=False)] + [str(row[-1])]
        print("  ".join(cells).rstrip())


def _heading(text: str) -> None:
    if console.is_terminal:
        console.print(f"[bold]{text}[/]")
    else:
        print(text)


def _state(state: dict[str, Any]) -> None:
    if console.is_terminal:
        console.print_json(json.dumps(state))
        return
    width = max((len(k) for k in state), default=0)
    for key in sorted(state):
        print(f"  {key.ljust(width)}  {_value(state[key])}")


def history(
    record_id: Annotated[UUID, typer.Argument(metavar="ID", help="The record's id.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    version: Annotated[int | None, typer.Option("--version", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, for programs.")] = False,
    case: Annotated[
        bool, typer.Option("--case", help="A case with all its appointments, as one timeline.")
    ] = False,
) -> None:
    """Show a record's state at a version or instant, and every event up to it."""
    from practicerunner.projections.audit.history import aggregate_history, plain

    moment = parse_as_of(as_of)
    rt = make_runtime()
    try:
        if case:
            _case_history(rt, record_id, moment, as_json)
            return
        instant, zone, said = _instant(rt, record_id, moment)
        h = aggregate_history(
            rt.stores, record_id, as_of=instant, version=version, names=_names(rt)
        )
    except DomainError as e:
        console.print(f"[red]{e.detail}[/]")
        raise typer.Exit(1) from None
    finally:
        rt.close()
    if as_json:
        out = {
            "aggregate_id": h.aggregate_id,
            "type": h.aggregate_type,
            "version": h.version,
            "as_of": instant,
            "state": h.state,
            "events": [vars(e) for e in h.events],
        }
        print(json.dumps(plain(out), indent=2))
        return
    _heading(
        f"{h.aggregate_type} {h.aggregate_id} at version {h.version}"
        + (f", {said}" if said else "")
    )
    _table(
        ["v", f"when ({zone})", "event", "by", "on behalf of", "changes"],
        [
            [str(e.version), _local(e.recorded_at, zone), e.event,
             _who(e.actor_name, e.actor_id), _who(e.on_behalf_of_name, e.on_behalf_of),
             _changes(e.data)]
            for e in h.events
        ],
    )  # fmt: skip
    _heading("state")
    _state(h.state)


def _case_history(
    rt: Runtime, case_id: UUID, moment: date | datetime | None, as_json: bool
) -> None:
    from practicerunner.projections.audit.history import case_history, plain
    from practicerunner.projections.scheduling.queries import SchedulingReadModels

    instant, zone, said = _instant(rt, case_id, moment)
    rt.engine.catch_up("schedule")
    ids = SchedulingReadModels(rt.engine).case_appointment_ids(str(case_id))
    found = case_history(rt.stores, case_id, ids, as_of=instant, names=_names(rt))
    if as_json:
        print(json.dumps(plain(found), indent=2))
        return
    count = len(found["appointments"])
    _heading(f"Case {case_id} {said or 'now'}: {count} appointment{'s' if count != 1 else ''}")
    _table(
        [f"when ({zone})", "record", "v", "event", "by", "on behalf of"],
        [
            [_local(e["recorded_at"], zone), f"{e['aggregate_type']} {e['aggregate_id'][:8]}",
             str(e["version"]), e["event"], _who(e["actor_name"], e["actor_id"]),
             _who(e["on_behalf_of_name"], e["on_behalf_of"])]
            for e in found["timeline"]
        ],
    )  # fmt: skip

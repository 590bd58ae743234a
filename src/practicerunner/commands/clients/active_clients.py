"""Keeping the practice's ``ActiveClientRoster`` true in the same write as the change.

Every command that can change whether someone is an active client calls one of these and saves
the roster it returns together with its own aggregates (one ``save()``): the plan limit is
checked against the roster's exact count, and a concurrent change to the roster fails the
whole write (409), never double-counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from practicerunner.adapters.eventstore import ContextApplication
from practicerunner.commands.base import CommandContext, load
from practicerunner.domain.clients.active_clients import (
    ActiveClientRoster,
    status_in_case,
    takes_part,
)
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.lifecycle import LifecycleStatus
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.practice import Practice


def load_roster(app: ContextApplication, practice_id: str) -> ActiveClientRoster | None:
    try:
        roster: Any = app.repository.get(ActiveClientRoster.id_for(practice_id))
    except AggregateNotFoundError:
        return None
    assert isinstance(roster, ActiveClientRoster)
    return roster


def active_client_count(app: ContextApplication, practice_id: str) -> int:
    roster = load_roster(app, practice_id)
    return roster.active_clients if roster else 0


def roster_for(ctx: CommandContext, practice: Practice) -> ActiveClientRoster:
    """The practice's roster (started on first use, saved with the command's write: two
    commands starting it at once collide in the store like any other concurrent change)."""
    roster = load_roster(ctx.stores.scheduling, str(practice.id))
    if roster is None:
        roster = ActiveClientRoster.start(str(practice.id), ctx.actor, ctx.now())
    return roster


def after_case_change(
    ctx: CommandContext,
    practice: Practice,
    case: Case,
    people: Iterable[Person],
) -> ActiveClientRoster:
    """Re-records ``people`` (participants who joined, left or changed status in ``case``, or
    all of them when the case closed or reopened) as far as this one case is concerned."""
    roster = roster_for(ctx, practice)
    case_id = str(case.id)
    for person in people:
        pid = str(person.id)
        open_ids = set(roster.open_cases.get(pid, [])) - {case_id}
        active_ids = set(roster.active_in.get(pid, [])) - {case_id}
        if takes_part(pid, case):
            open_ids.add(case_id)
            if status_in_case(person, case) == LifecycleStatus.ACTIVE:
                active_ids.add(case_id)
        roster.record(pid, open_ids, active_ids, practice.plan, ctx.actor, ctx.now())
    return roster


def after_person_change(
    ctx: CommandContext, practice: Practice, person: Person
) -> ActiveClientRoster | None:
    """Re-records a person whose own lifecycle status changed, across every open case they
    take part in (those without a per-case status of their own follow it). None when the
    person takes part in no open case: nothing to count."""
    roster = load_roster(ctx.stores.scheduling, str(practice.id))
    if roster is None:
        return None
    pid = str(person.id)
    open_ids = roster.open_cases.get(pid, [])
    if not open_ids:
        return None
    active_ids = []
    for case_id in open_ids:
        case = load(ctx.stores.scheduling, Case, case_id, ctx.practice_id)
        if takes_part(pid, case) and status_in_case(person, case) == LifecycleStatus.ACTIVE:
            active_ids.append(case_id)
    roster.record(pid, open_ids, active_ids, practice.plan, ctx.actor, ctx.now())
    return roster


def people_of(ctx: CommandContext, case: Case, *known: Person) -> list[Person]:
    """Every participant the case has ever had (current or left), loaded, reusing ``known``
    instances so that their pending events are saved once."""
    by_id = {str(p.id): p for p in known}
    for pid in case.participants:
        if pid not in by_id:
            by_id[pid] = load(ctx.stores.scheduling, Person, pid, ctx.practice_id)
    return [by_id[pid] for pid in case.participants]

"""Fills the practice context with a believable history, fast.

Aggregates are built with the domain classes and saved many per ``app.save(...)`` call. The
history is written in rounds, as a real installation's is: first every practice opens with its
staff, locations and services, then each later round changes every aggregate once more. So an
aggregate's events are spread over the whole log (not contiguous), which is what a rebuild
meets in production: a projection that reads its row back (rooms, staff, settings) mostly finds
it in an earlier batch.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from practicerunner.adapters.eventstore import ContextApplication
from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.practice.catalog import Location, Service, SessionFormat
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.staff import StaffMember

STAFF_PER_PRACTICE = 6  # the owner and five providers
LOCATIONS_PER_PRACTICE = 2
SERVICES_PER_PRACTICE = 10
AGGREGATES_PER_PRACTICE = 1 + STAFF_PER_PRACTICE + LOCATIONS_PER_PRACTICE + SERVICES_PER_PRACTICE
CHANGE_ROUNDS = 4  # events per aggregate = 1 + CHANGE_ROUNDS
EVENTS_PER_PRACTICE = AGGREGATES_PER_PRACTICE * (1 + CHANGE_ROUNDS) + STAFF_PER_PRACTICE - 1
VALID_NPI = "1679576722"
ADDRESS = {
    "line1": "400 Harbor Street",
    "city": "Portland",
    "postal_code": "04101",
    "country": "US",
}


@dataclass
class Filled:
    """What a fill wrote: counts, and the aggregates (for benchmarks that change them)."""

    events: int
    seconds: float
    practices: list[Practice] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)

    @property
    def aggregates(self) -> int:
        return len(self.practices) + len(self.staff) + len(self.services) + len(self.locations)


def practices_for(events: int) -> int:
    """How many practices make at least ``events`` events."""
    return max(1, -(-events // EVENTS_PER_PRACTICE))


def open_practice(n: int, actor: Actor, at: datetime) -> list[PracticeAggregate]:
    """A practice with its owner, providers, locations and services, as first recorded."""
    practice_id = uuid.uuid4()
    staff_ids = [uuid.uuid4() for _ in range(STAFF_PER_PRACTICE)]
    practice = Practice.open(
        id=practice_id,
        name=f"Practice {n}",
        slug=f"practice-{n}",
        timezone="America/New_York",
        plan=Plan.GROUP,
        owner_id=str(staff_ids[0]),
        by=actor,
        at=at,
    )
    made: list[PracticeAggregate] = [practice]
    for i, staff_id in enumerate(staff_ids):
        made.append(
            StaffMember.add(
                id=staff_id,
                practice_id=str(practice_id),
                email=f"staff{i}@practice-{n}.example",
                given_name=f"Given{i}",
                family_name=f"Family{i}",
                role=Role.OWNER if i == 0 else Role.PROVIDER,
                by=actor,
                at=at,
            )
        )
    for i in range(1, STAFF_PER_PRACTICE):
        practice.assign_seat(str(staff_ids[i]), Role.PROVIDER, actor, at)
    for i in range(LOCATIONS_PER_PRACTICE):
        made.append(
            Location.add(
                id=uuid.uuid4(),
                practice_id=str(practice_id),
                name=f"Office {i}",
                session_format=SessionFormat.IN_PERSON,
                address=ADDRESS,
                by=actor,
                at=at,
            )
        )
    for i in range(SERVICES_PER_PRACTICE):
        made.append(
            Service.add(
                id=uuid.uuid4(),
                practice_id=str(practice_id),
                name=f"Service {i}",
                cpt_code="90837",
                duration_minutes=50,
                fee_cents=15000 + i * 100,
                bookable_online=i % 2 == 0,
                by=actor,
                at=at,
            )
        )
    return made


def change(aggregate: Any, round_no: int, actor: Actor, at: datetime) -> None:
    """One more believable change to an aggregate; round ``round_no`` of its history."""
    r = round_no
    if isinstance(aggregate, Practice):
        [
            lambda: aggregate.rename(f"{aggregate.name} Group", actor, at),
            lambda: aggregate.change_address(ADDRESS, actor, at),
            lambda: aggregate.change_settings(
                "scheduling", {"planned_absence_enabled": True}, actor, at
            ),
            lambda: aggregate.change_billing_identity({"tax_id": "12-3456789"}, actor, at),
        ][r % 4]()
    elif isinstance(aggregate, StaffMember):
        [
            lambda: aggregate.set_provider_credentials(
                {"npi": VALID_NPI, "license_state": "ME", "credentials": "LCSW"}, actor, at
            ),
            lambda: aggregate.rename(aggregate.given_name, f"{aggregate.family_name}-R", actor, at),
            lambda: aggregate.set_booking_slug(f"p{aggregate.id.hex[:12]}", actor, at),
            lambda: aggregate.set_provider_credentials({"license_number": f"L-{r}"}, actor, at),
        ][r % 4]()
    elif isinstance(aggregate, Location):
        [
            lambda: aggregate.add_room(str(uuid.uuid4()), f"Room {r}", actor, at),
            lambda: aggregate.add_room(str(uuid.uuid4()), f"Room {r}", actor, at),
            lambda: aggregate.rename(f"{aggregate.name} (main)", actor, at),
            lambda: aggregate.change_online_visibility(not aggregate.visible_online, actor, at),
        ][r % 4]()
    elif isinstance(aggregate, Service):
        [
            lambda: aggregate.change_fee(aggregate.fee_cents + 500, actor, at),
            lambda: aggregate.rename(f"{aggregate.name} (individual)", actor, at),
            lambda: aggregate.change_duration(aggregate.duration_minutes + 5, actor, at),
            lambda: aggregate.change_fee(aggregate.fee_cents + 500, actor, at),
        ][r % 4]()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def fill_practice_context(
    app: ContextApplication,
    events: int,
    aggregates_per_save: int = 400,
    progress: Callable[[int], None] | None = None,
) -> Filled:
    """Writes at least ``events`` events to the practice context; returns what it wrote."""
    started = time.perf_counter()
    actor = Actor.service("benchmark")
    at = datetime.now(UTC) - timedelta(days=365)
    filled = Filled(events=0, seconds=0.0)
    everything: list[PracticeAggregate] = []
    for n in range(practices_for(events)):
        made = open_practice(n, actor, at)
        everything.extend(made)
        for aggregate in made:
            buckets: dict[type, list[Any]] = {
                Practice: filled.practices,
                StaffMember: filled.staff,
                Location: filled.locations,
                Service: filled.services,
            }
            buckets[type(aggregate)].append(aggregate)
    for round_no in range(CHANGE_ROUNDS + 1):
        for chunk in _chunks(everything, aggregates_per_save):
            at += timedelta(minutes=1)  # a history spread over time, as the audit index sees it
            if round_no:
                for aggregate in chunk:
                    change(aggregate, round_no - 1, actor, at)
            recordings = app.save(*chunk)
            filled.events += len(recordings)
            if progress:
                progress(filled.events)
    filled.seconds = time.perf_counter() - started
    return filled

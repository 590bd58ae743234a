"""Given events, when a command, then events: handler tests on ``memory://`` stores.

``Story`` keeps every context's events in eventsourcing's in-process (POPO) recorder, built
exactly as the installation builds its stores (``wiring.stores()``), so the real handlers run
on it unchanged. The past is stated as aggregates made through their domain intentions (their
pending events are the "given"); the command runs through its real handler; the outcome is the
list of events the command recorded, read back from the stores' logs, or the refusal with the
store unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.eventstore import ContextApplication, EventStores
from practicerunner.bootstrap import wiring
from practicerunner.commands.base import CommandContext, load
from practicerunner.config import Settings
from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.lifecycle import ContactType, LifecycleStatus, PersonKind
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import DomainError
from practicerunner.domain.practice.catalog import Location, Service, SessionFormat
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.staff import StaffMember

A = TypeVar("A", bound=PracticeAggregate)


def event_name(event: Any) -> str:
    """``Appointment.Cancelled``: the aggregate's class and the event's, as written in code."""
    return type(event).__qualname__


@dataclass
class Outcome:
    """What one command did: the events it recorded (in log order), or its refusal."""

    result: Any = None
    refusal: DomainError | None = None
    events: list[Any] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [event_name(e) for e in self.events]

    def only(self, name: str) -> Any:
        """The one event called ``name``; fails when there are none or several."""
        found = [e for e in self.events if event_name(e) == name]
        assert len(found) == 1, f"expected one {name}, recorded {self.names}"
        return found[0]

    def refused(self, code: str) -> DomainError:
        """Asserts the command was refused with the stable problem code ``code`` (the last
        part of the problem ``type``) and recorded nothing."""
        assert self.refusal is not None, f"expected a {code} refusal; recorded {self.names}"
        assert self.refusal.code == code, (self.refusal.code, self.refusal.detail)
        assert self.events == [], f"a refused command recorded {self.names}"
        return self.refusal


class Story:
    """One installation's event stores, in memory, and a controlled clock."""

    def __init__(self, now: datetime | None = None) -> None:
        settings = Settings(data_dir=Path("unused-in-memory"), database_url="memory://")
        declared = wiring.stores()
        self.stores = EventStores(settings, declared)
        self.clock = ControlledClock(now or datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
        self._store_of: dict[type, ContextApplication] = {
            cls: self.stores[name] for name, classes in declared.items() for cls in classes
        }

    def app_for(self, aggregate: PracticeAggregate) -> ContextApplication:
        for cls in type(aggregate).__mro__:
            if cls in self._store_of:
                return self._store_of[cls]
        raise LookupError(f"no store declares {type(aggregate).__name__}")

    # -- given ------------------------------------------------------------------------------

    def given(self, *aggregates: PracticeAggregate, store: str | None = None) -> None:
        """Records the aggregates' pending events: the history the command will meet.
        ``store`` names the store for aggregates saved in several (natural-key claims)."""
        for aggregate in aggregates:
            app = self.stores[store] if store else self.app_for(aggregate)
            app.save(aggregate)

    def load(self, cls: type[A], aggregate_id: Any) -> A:
        """An aggregate as the store holds it now (for commands that take one)."""
        app = next(a for c, a in self._store_of.items() if issubclass(cls, c) or c is cls)
        return load(app, cls, aggregate_id, None)

    # -- when -------------------------------------------------------------------------------

    def context(self, by: Actor, practice_id: Any) -> CommandContext:
        return CommandContext(self.stores, self.clock, by, practice_id)

    def when(
        self,
        handler: Callable[[Any, CommandContext], Any],
        command: Any,
        *,
        by: Actor,
        practice_id: Any,
    ) -> Outcome:
        """Runs ``handler(command, ctx)`` as ``by`` in ``practice_id``."""
        return self.when_done(lambda ctx: handler(command, ctx), by=by, practice_id=practice_id)

    def when_done(
        self, run: Callable[[CommandContext], Any], *, by: Actor, practice_id: Any
    ) -> Outcome:
        """Runs any write-side function of a context (``run(ctx)``) and gathers what it
        recorded."""
        heads = self.stores.head_positions()
        outcome = Outcome()
        try:
            outcome.result = run(self.context(by, practice_id))
        except DomainError as e:
            outcome.refusal = e
        outcome.events = self.recorded_since(heads)
        return outcome

    # -- then -------------------------------------------------------------------------------

    def recorded_since(self, heads: dict[str, int]) -> list[Any]:
        """Every event recorded after ``heads``, store by store in log order."""
        events: list[Any] = []
        for name, app in self.stores.apps.items():
            position = heads.get(name, 0)
            while True:
                batch = app.recorder.select_notifications(start=position + 1, limit=500)
                if not batch:
                    break
                events.extend(app.mapper.to_domain_event(n) for n in batch)
                position = batch[-1].id
        return events

    def close(self) -> None:
        self.stores.close()


# -- a practice's history, through the domain's own intentions ----------------------------------


@dataclass
class PracticeHistory:
    """A practice with its owner, a provider, an office, a service and an open individual
    case with one client: the usual past of a scheduling or identity command."""

    story: Story
    practice: Practice
    owner: StaffMember
    provider: StaffMember
    office: Location
    service: Service
    client: Person
    case: Case

    @property
    def practice_id(self) -> UUID:
        return self.practice.id

    @property
    def as_owner(self) -> Actor:
        return Actor(str(self.owner.id))

    def staff(self, role: Role, given_name: str = "Sam") -> StaffMember:
        """Another staff member who has joined (given: added, seat assigned)."""
        member = StaffMember.add(
            id=uuid4(), practice_id=str(self.practice.id), email=f"{uuid4().hex[:8]}@x.example",
            given_name=given_name, family_name="Staff", role=role, by=self.as_owner, at=self._at,
        )  # fmt: skip
        practice = self.story.load(Practice, self.practice.id)
        practice.assign_seat(str(member.id), role, self.as_owner, self._at)
        self.story.given(member, practice)
        return member

    @property
    def _at(self) -> datetime:
        return self.story.clock.now()


def a_practice(story: Story, plan: Plan = Plan.GROUP, slug: str = "harbor") -> PracticeHistory:
    at = story.clock.now()
    practice_id, owner_id = uuid4(), uuid4()
    system = Actor.service("test")
    practice = Practice.open(
        id=practice_id, name=f"{slug.title()} Therapy", slug=slug, timezone="America/New_York",
        plan=plan, owner_id=str(owner_id), by=system, at=at,
    )  # fmt: skip
    owner = StaffMember.add(
        id=owner_id, practice_id=str(practice_id), email=f"owner@{slug}.example",
        given_name="Olive", family_name="Owner", role=Role.OWNER, by=system, at=at,
    )  # fmt: skip
    me = Actor(str(owner_id))
    provider = StaffMember.add(
        id=uuid4(), practice_id=str(practice_id), email=f"jonah@{slug}.example",
        given_name="Jonah", family_name="Clinician", role=Role.PROVIDER, by=me, at=at,
    )  # fmt: skip
    practice.assign_seat(str(provider.id), Role.PROVIDER, me, at)
    office = Location.add(
        id=uuid4(), practice_id=str(practice_id), name="Harbor Street office",
        session_format=SessionFormat.IN_PERSON,
        address={"line1": "400 Harbor Street", "city": "Portland", "postal_code": "04101",
                 "country": "US"},
        by=me, at=at,
    )  # fmt: skip
    service = Service.add(
        id=uuid4(), practice_id=str(practice_id), name="Individual therapy", cpt_code="90834",
        duration_minutes=50, fee_cents=15000, bookable_online=False, by=me, at=at,
    )  # fmt: skip
    client = Person.register(
        id=uuid4(), practice_id=str(practice_id), kind=PersonKind.INDIVIDUAL, given_name="Ada",
        family_name="Lee", organisation_name=None, contact_type=ContactType.THERAPY_CLIENT,
        status=LifecycleStatus.ACTIVE, by=me, at=at,
    )  # fmt: skip
    case = Case.open(
        id=uuid4(), practice_id=str(practice_id), kind=CaseKind.INDIVIDUAL, title=None,
        opened_on=at.date(), by=me, at=at,
    )  # fmt: skip
    case.add_participant(str(client.id), at.date(), me, at)
    story.given(practice, owner, provider, office, service, client, case)
    return PracticeHistory(story, practice, owner, provider, office, service, client, case)

"""Who counts as an active client, held where the facts that decide it are written.

PRODUCT.md section 1: "an active client is a person with lifecycle status Active in at least
one open case", and the Starter plan allows 10. People and cases live in the scheduling
context, so the count lives there too: one ``ActiveClientRoster`` per practice (its id is a
``natural_id`` of the practice), saved **in the same write** as every command that can make
someone active or stop them being active (a status change, a participant joining or leaving,
a per-case status, a case closing or reopening). Two concurrent admissions both load version N
of the roster and both try to write N+1: the store lets exactly one commit, so the 10th Starter
place can never be taken twice.

The roster remembers, per person, the open cases they take part in (so that a change of the
person's own status knows which cases to look at without a read model) and the subset in
which they are Active.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.lifecycle import LifecycleStatus
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.plans import active_clients_must_fit
from practicerunner.domain.practice.roles import Plan


def status_in_case(person: Person, case: Case) -> LifecycleStatus:
    """A person's lifecycle status in one case: the case's own status for them where it
    differs, else their own."""
    override = case.participant_statuses.get(str(person.id))
    return LifecycleStatus(override) if override else person.status


def takes_part(person_id: str, case: Case) -> bool:
    """Whether the person is a current participant of the case while it is open."""
    return case.is_open and person_id in case.active_participants()


class ActiveClientRoster(PracticeAggregate):
    snapshot_every = 100

    def __init__(self, practice_id: str) -> None:
        self.practice_id = practice_id
        # person id -> the open cases they take part in / the ones they are Active in.
        self.open_cases: dict[str, list[str]] = {}
        self.active_in: dict[str, list[str]] = {}

    @staticmethod
    def id_for(practice_id: str | UUID) -> UUID:
        return natural_id("active-client-roster", practice_id)

    @property
    def active_clients(self) -> int:
        return len(self.active_in)

    def is_active(self, person_id: str) -> bool:
        return person_id in self.active_in

    class Started(PracticeAggregate.Created):
        practice_id: str

    class ParticipationChanged(PracticeAggregate.Event):
        person_id: str
        open_case_ids: list[str]
        active_case_ids: list[str]

        def apply(self, roster: ActiveClientRoster) -> None:
            for attr, ids in (
                ("open_cases", self.open_case_ids),
                ("active_in", self.active_case_ids),
            ):
                mapping: dict[str, list[str]] = getattr(roster, attr)
                if ids:
                    mapping[self.person_id] = list(ids)
                else:
                    mapping.pop(self.person_id, None)

    @classmethod
    def start(cls, practice_id: str, by: Actor, at: datetime | None) -> ActiveClientRoster:
        return cls._start(
            cls.Started, id=cls.id_for(practice_id), by=by, at=at, practice_id=practice_id
        )

    def record(
        self,
        person_id: str,
        open_case_ids: Iterable[str],
        active_case_ids: Iterable[str],
        plan: Plan,
        by: Actor,
        at: datetime | None,
    ) -> None:
        """Records the open cases a person takes part in and those they are Active in.
        Someone becoming an active client is refused when the plan's limit is reached (the
        11th on Starter); an active client staying active, or anyone becoming inactive, never
        is."""
        open_ids = sorted(set(open_case_ids))
        active_ids = sorted(set(active_case_ids) & set(open_ids))
        if active_ids and not self.is_active(person_id):
            active_clients_must_fit(plan, self.active_clients + 1)
        current: dict[str, Any] = {
            "open": self.open_cases.get(person_id, []),
            "active": self.active_in.get(person_id, []),
        }
        if current == {"open": open_ids, "active": active_ids}:
            return
        self._happen(
            self.ParticipationChanged, by, at, person_id=person_id, open_case_ids=open_ids,
            active_case_ids=active_ids,
        )  # fmt: skip

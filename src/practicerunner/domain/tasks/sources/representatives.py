"""A representative added for a client waits for staff to verify them (only then may they
sign forms); the task resolves once they are verified or are no longer a representative."""

from __future__ import annotations

from dataclasses import dataclass

from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, NotWanted, Wanted
from practicerunner.domain.tasks.tasks import Assignee, Subject

SOURCE = AutomaticSource("representative_verification", "representative_verification")


@dataclass(frozen=True)
class RepresentativeFacts:
    person_id: str
    helper_id: str
    is_representative: bool
    verified: bool
    verifier: Assignee  # who verifies in this practice (its coordinators, else the owner)


def subject_key(person_id: str, helper_id: str) -> str:
    return f"{person_id}:{helper_id}"


def assess(facts: RepresentativeFacts) -> Assessment:
    if not facts.is_representative:
        return NotWanted("They are no longer a representative.")
    if facts.verified:
        return NotWanted("The representative is verified.")
    return Wanted(
        title="Verify a client's representative",
        assignee=facts.verifier,
        subject=Subject("representative", facts.helper_id, person_id=facts.person_id),
    )

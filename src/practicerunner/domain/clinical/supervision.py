"""Who supervises a piece of work: the most specific supervisor wins (appointment, then case,
then the author's provider-level default); associates always have one (the owner when nothing
more specific is set, as on the Professional plan); and none on a plan without supervision."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupervisionFacts:
    """What the supervision rule needs, gathered by the command from other contexts."""

    author_id: str
    author_is_associate: bool
    plan_allows_supervision: bool
    owner_id: str
    appointment_supervisor_id: str | None = None
    case_supervisor_id: str | None = None
    default_supervisor_id: str | None = None


def supervisor_for(facts: SupervisionFacts) -> str | None:
    """The clinician who co-signs this work, or None when the author signs alone."""
    if not facts.plan_allows_supervision:
        return None
    for candidate in (facts.appointment_supervisor_id, facts.case_supervisor_id):
        if candidate is not None and candidate != facts.author_id:
            return candidate
    if not facts.author_is_associate:
        return None
    default = facts.default_supervisor_id or facts.owner_id
    return default if default != facts.author_id else None

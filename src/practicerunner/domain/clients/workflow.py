"""Where a client stands and what to do next: the workflow state of a person or of one case,
decided from facts other contexts know (contact details, cases, the next appointment, open
attention items), and the next step in plain words.

The workflow state is independent of the lifecycle status: an active client can be "ready to
schedule", a prospect can "need attention". The status says what the person is to the
practice; the state says what the practice should do now.

Each state comes from one check; checks are tried in order and the first that holds wins, so
that the most pressing step is the one shown. Another context adds its own (billing's
"payment method missing", imports' "imported record needs review") by inserting a ``Check``
into ``CHECKS`` from its declaration, without changing this module's callers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class WorkflowState(StrEnum):
    NEEDS_ATTENTION = "needs_attention"
    INTAKE_INCOMPLETE = "intake_incomplete"
    PAYMENT_METHOD_MISSING = "payment_method_missing"  # decided by billing's check
    IMPORTED_RECORD_NEEDS_REVIEW = "imported_record_needs_review"  # decided by imports' check
    READY_TO_SCHEDULE = "ready_to_schedule"
    SCHEDULED = "scheduled"
    NOTHING_TO_DO = "nothing_to_do"


@dataclass(frozen=True)
class WorkflowFacts:
    """What is known about a person (or one of their cases) when the summary is read."""

    has_contact: bool
    has_open_case: bool
    next_appointment_at: str | None  # ISO instant of the next upcoming session
    ever_booked: bool
    attention: tuple[Mapping[str, Any], ...] = ()  # open tasks about them
    is_client: bool = True  # False for a contact (a payer, a referrer): no client workflow
    # Facts added by other contexts' checks, e.g. {"payment_method_on_file": False}.
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    state: WorkflowState
    next_step: str


Check = Callable[[WorkflowFacts], Step | None]


def _not_a_client(facts: WorkflowFacts) -> Step | None:
    if facts.is_client:
        return None
    return Step(WorkflowState.NOTHING_TO_DO, "Nothing to do: this is a contact, not a client.")


def _attention(facts: WorkflowFacts) -> Step | None:
    if not facts.attention:
        return None
    first = facts.attention[0]
    more = len(facts.attention) - 1
    tail = f" (and {more} more open item{'s' if more > 1 else ''})" if more else ""
    return Step(WorkflowState.NEEDS_ATTENTION, f"{first['title']}{tail}.")


def _intake(facts: WorkflowFacts) -> Step | None:
    if facts.has_contact:
        return None
    return Step(
        WorkflowState.INTAKE_INCOMPLETE,
        "Add an email address or phone number, so the client gets forms and reminders.",
    )


def _schedule(facts: WorkflowFacts) -> Step | None:
    if facts.next_appointment_at is not None:
        return None
    if not facts.has_open_case:
        return Step(WorkflowState.READY_TO_SCHEDULE, "Open a case and book a first session.")
    if not facts.ever_booked:
        return Step(WorkflowState.READY_TO_SCHEDULE, "Book a first session.")
    return Step(WorkflowState.READY_TO_SCHEDULE, "Book the next session.")


def _scheduled(facts: WorkflowFacts) -> Step | None:
    return Step(WorkflowState.SCHEDULED, "Nothing to do before the next session.")


# In order of precedence; billing inserts its payment-method check after ``_intake``.
CHECKS: list[Check] = [_not_a_client, _attention, _intake, _schedule, _scheduled]


def next_step(facts: WorkflowFacts, checks: list[Check] | None = None) -> Step:
    for check in checks if checks is not None else CHECKS:
        step = check(facts)
        if step is not None:
            return step
    return Step(WorkflowState.NOTHING_TO_DO, "Nothing to do.")  # pragma: no cover


def onboarding_checklist(facts: WorkflowFacts) -> list[dict[str, Any]]:
    """The steps from first contact to a booked first session, each done or not."""
    return [
        {"key": "contact", "label": "Email or phone on file", "done": facts.has_contact},
        {"key": "case", "label": "A case is open", "done": facts.has_open_case},
        {"key": "first_session", "label": "First session booked", "done": facts.ever_booked},
    ]

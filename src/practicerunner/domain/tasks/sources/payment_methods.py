"""A payer whose billing mode is AutoPay (or daily AutoPay) has no saved card or bank account:
AutoPay has nothing to charge, so every invoice goes out as a payment request instead. Staff
who do billing get one task per payer; it resolves itself once a method is saved or the payer
is no longer on AutoPay. The same fact puts the payer's workflow summary in "payment method
missing"."""

from __future__ import annotations

from dataclasses import dataclass

from practicerunner.domain.clients.workflow import Step, WorkflowFacts, WorkflowState
from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, NotWanted, Wanted
from practicerunner.domain.tasks.tasks import Assignee, Subject

SOURCE = AutomaticSource("payment_method_missing", "payment_method_missing")
NEXT_STEP = "Ask the payer to save a card or bank account: AutoPay has nothing to charge."


@dataclass(frozen=True)
class PayerFacts:
    payer_id: str
    on_autopay: bool  # the billing mode that applies to what they pay is an AutoPay mode
    has_saved_method: bool
    billing_staff: Assignee  # the practice's billing role, else its owner


def assess(facts: PayerFacts) -> Assessment:
    if not facts.on_autopay:
        return NotWanted("The payer is no longer on AutoPay.")
    if facts.has_saved_method:
        return NotWanted("The payer saved a payment method.")
    return Wanted(
        title="Payment method missing: ask the payer to save a card or bank account",
        assignee=facts.billing_staff,
        subject=Subject("payer", facts.payer_id, person_id=facts.payer_id),
    )


def payment_method_missing(facts: WorkflowFacts) -> Step | None:
    """The workflow check, just ahead of the generic "needs attention": when the payer's
    payment-method task is all that is open about them, the state names it; with other
    items open as well it is one of them, and "needs attention" lists them all."""
    kinds = {item.get("task_type") for item in facts.attention}
    if kinds == {SOURCE.task_type}:
        return Step(WorkflowState.PAYMENT_METHOD_MISSING, NEXT_STEP)
    return None

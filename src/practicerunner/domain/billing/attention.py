"""The billing attention task: when AutoPay gave up on a payer (every retry failed), staff who
do billing get one task for that payer; it resolves itself once AutoPay is on again."""

from __future__ import annotations

from dataclasses import dataclass

from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, NotWanted, Wanted
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject

SOURCE = AutomaticSource("autopay_failed", "billing_attention")


@dataclass(frozen=True)
class PayerFacts:
    account_id: str
    payer_id: str
    autopay_gave_up: bool
    billing_staff: Assignee  # the practice's billing role, else its owner


def assess(facts: PayerFacts) -> Assessment:
    if not facts.autopay_gave_up:
        return NotWanted("AutoPay is working again for this payer.")
    return Wanted(
        title="AutoPay failed: contact the payer about a payment method",
        assignee=facts.billing_staff,
        subject=Subject("payer", facts.payer_id, person_id=facts.payer_id),
        priority=Priority.HIGH,
    )

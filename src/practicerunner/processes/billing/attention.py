"""Billing's automatic task source, plugged into the tasks context's mechanism: AutoPay
turning off after failed charges (or on again) reconciles the payer's one attention task."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.commands.billing.autopay import CHARGES_FAILED
from practicerunner.commands.billing.common import STORE
from practicerunner.domain.billing import attention
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.tasks.tasks import Assignee
from practicerunner.processes.tasks.automatic import Assessed, AutomaticTasks, TaskSourcePlugin

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services


def billing_staff(practice: Practice) -> Assignee:
    if Role.BILLING.value in practice.roster.values():
        return Assignee.role(Role.BILLING.value)
    return Assignee.staff(practice.owner_id)


def assess_payer(runtime: Services, subject: str, now: datetime) -> Assessed | None:
    account: object = runtime.stores[STORE].repository.get(UUID(subject))
    if not isinstance(account, PayerAccount):
        return None
    practice: Practice = runtime.stores.practice.repository.get(UUID(account.practice_id))
    assert isinstance(practice, Practice)
    facts = attention.PayerFacts(
        account_id=subject,
        payer_id=account.payer_id,
        autopay_gave_up=not account.autopay and account.autopay_off_reason == CHARGES_FAILED,
        billing_staff=billing_staff(practice),
    )
    return Assessed(account.practice_id, attention.assess(facts))


def _account(event: Any) -> Iterable[str]:
    return [str(event.originator_id)]


AUTOPAY_FAILED = TaskSourcePlugin(
    attention.SOURCE,
    {PayerAccount.AutoPayTurnedOff: _account, PayerAccount.AutoPayTurnedOn: _account},
    assess_payer,
)
BILLING_TASKS = AutomaticTasks("billing", (AUTOPAY_FAILED,))

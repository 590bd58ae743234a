"""The payment-method-missing task source: billing facts (a payer's saved method, the billing
mode of the practice, of one billing contact, who pays for a case) reconcile the one task of
each payer they concern.

Billing's events name their aggregate, not always the payer (a saved method is an event of the
payer's account), so a trigger becomes a job that first finds the payers it concerns and then
reconciles each payer's task through the tasks context's mechanism. Reconciling reads only
current facts, so a job run twice, late or out of order leaves the same single task."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from practicerunner.commands.billing.common import STORE, billed_contact, find, settings_for
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.errors import NoBillingContact
from practicerunner.domain.billing.settings import BillingMode, BillingOverride, BillingSettings
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.tasks.sources import payment_methods
from practicerunner.processes.billing.attention import billing_staff
from practicerunner.processes.jobs import JobKind
from practicerunner.processes.outbox import Job, OutboxRow
from practicerunner.processes.tasks.automatic import Assessed, AutomaticTasks, TaskSourcePlugin

if TYPE_CHECKING:
    from practicerunner.bootstrap.runtime import Runtime

FIND_PAYERS = "find_payers_for_payment_method_tasks"
SERVICE = Actor.service("payment-method-tasks")
T = TypeVar("T")
AUTOPAY_MODES = frozenset({BillingMode.AUTOPAY.value, BillingMode.DAILY_AUTOPAY.value})


def _get(app: Any, aggregate_id: str, cls: type[T]) -> T | None:
    try:
        found = app.repository.get(UUID(aggregate_id))
    except (AggregateNotFoundError, ValueError):
        return None
    return found if isinstance(found, cls) else None


def assess_payer(runtime: Runtime, payer_id: str, now: datetime) -> Assessed | None:
    """On AutoPay: the billing mode of the practice, or of this billing contact where they
    have their own. A mode set on one case only is not weighed: the task is the payer's."""
    person = _get(runtime.stores.scheduling, payer_id, Person)
    if person is None:
        return None
    practice_id = person.practice_id
    practice = _get(runtime.stores.practice, practice_id, Practice)
    if practice is None:  # pragma: no cover - a person belongs to a practice
        return None
    settings = settings_for(runtime.context(SERVICE, UUID(practice_id)), None, payer_id)
    account = find(runtime.stores[STORE], PayerAccount, PayerAccount.id_for(practice_id, payer_id))
    facts = payment_methods.PayerFacts(
        payer_id=payer_id,
        on_autopay=settings["billing_mode"] in AUTOPAY_MODES,
        has_saved_method=account is not None and account.saved_method is not None,
        billing_staff=billing_staff(practice),
    )
    return Assessed(practice_id, payment_methods.assess(facts))


PAYMENT_METHODS = TaskSourcePlugin(payment_methods.SOURCE, {}, assess_payer)
PAYMENT_METHOD_TASKS = AutomaticTasks("payment_methods", (PAYMENT_METHODS,))


def _job(kind: str, event: Any, **payload: str) -> Iterable[Job]:
    yield Job(
        actor=FIND_PAYERS,
        key=f"{kind}:{event.originator_id}:{event.originator_version}",
        payload={"kind": kind, **payload},
        practice_id=getattr(event, "practice_id", None),
    )


def when_payer_account_changes_find_its_payer(event: Any) -> Iterable[Job]:
    return _job("account", event, account_id=str(event.originator_id))


def when_an_override_changes_find_its_billing_contact(event: Any) -> Iterable[Job]:
    return _job("override", event, override_id=str(event.originator_id))


def when_practice_billing_changes_find_every_payer(event: Any) -> Iterable[Job]:
    return _job("practice", event, settings_id=str(event.originator_id))


def when_who_pays_for_a_case_changes_find_its_payers(event: Any) -> Iterable[Job]:
    return _job("case", event, case_id=str(event.originator_id))


DECIDERS = (
    (PayerAccount.Opened, when_payer_account_changes_find_its_payer),
    (PayerAccount.MethodSaved, when_payer_account_changes_find_its_payer),
    (BillingOverride.Started, when_an_override_changes_find_its_billing_contact),
    (BillingOverride.Changed, when_an_override_changes_find_its_billing_contact),
    (BillingSettings.Changed, when_practice_billing_changes_find_every_payer),
    (Case.ParticipantJoined, when_who_pays_for_a_case_changes_find_its_payers),
    (Case.BillingContactSet, when_who_pays_for_a_case_changes_find_its_payers),
)


def _case_payers(case: Case) -> set[str]:
    payers = set()
    for participant in case.active_participants():
        try:
            payers.add(billed_contact(case, participant))
        except NoBillingContact:  # pragma: no cover - a participant always has a payer
            continue
    return payers


def _practice_payers(runtime: Runtime, settings: BillingSettings) -> set[str]:
    """Everyone whose billing mode the practice's may decide: payers with an account, and
    billing contacts with an override of their own."""
    with runtime.db.read() as tx:
        table = runtime.engine.tables(tx, "billing_ledger")["accounts"]
        rows = tx.fetchall(
            f"SELECT payer_id FROM {table} WHERE practice_id = %s", (settings.practice_id,)
        )
    contacts = {o.partition(":")[2] for o in settings.overrides if o.startswith("billing_contact:")}
    return {r[0] for r in rows} | contacts


def payers_concerned(runtime: Runtime, payload: dict[str, Any]) -> set[str]:
    billing = runtime.stores[STORE]
    kind = payload["kind"]
    if kind == "account":
        account = _get(billing, payload["account_id"], PayerAccount)
        return {account.payer_id} if account else set()
    if kind == "override":
        override = _get(billing, payload["override_id"], BillingOverride)
        if override is None:
            return set()
        # A case's own override is not weighed (see ``assess_payer``).
        return {override.scope_id} if override.scope == "billing_contact" else set()
    if kind == "practice":
        settings = _get(billing, payload["settings_id"], BillingSettings)
        return _practice_payers(runtime, settings) if settings else set()
    case = _get(runtime.stores.scheduling, payload["case_id"], Case)
    return _case_payers(case) if case else set()


def find_payers_and_reconcile(runtime: Runtime, job: OutboxRow, **hooks: Any) -> str:
    outcomes = [
        PAYMENT_METHOD_TASKS.reconcile(runtime, payment_methods.SOURCE.name, payer)
        for payer in sorted(payers_concerned(runtime, job.payload))
    ]
    return ", ".join(outcomes) or "no-payer"


JOB_KIND = JobKind(FIND_PAYERS, find_payers_and_reconcile, queue="tasks")

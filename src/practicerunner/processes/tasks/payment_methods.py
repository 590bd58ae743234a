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

from practicerunner.commands.base import CommandContext
from practicerunner.commands.billing.common import (
    STORE,
    billed_contact,
    find,
    practice_settings,
    settings_for,
)
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
    from practicerunner.bootstrap.ports import Services

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


def _on_autopay(ctx: CommandContext, scheduling: Any, payer_id: str) -> bool:
    """Whether any of this payer's sessions would be charged automatically: the billing mode
    of the practice or of this billing contact, or of an open case they pay for that has its
    own mode (a case on AutoPay whose payer has no saved method needs one as much)."""
    base = practice_settings(ctx, copy=False)
    if settings_for(ctx, None, payer_id, base)["billing_mode"] in AUTOPAY_MODES:
        return True
    for entry in getattr(base, "overrides", []):
        scope, _, case_id = entry.partition(":")
        if scope != "case":
            continue
        case = _get(scheduling, case_id, Case)
        if case is None or not case.is_open or payer_id not in _case_payers(case):
            continue
        if settings_for(ctx, case_id, payer_id, base)["billing_mode"] in AUTOPAY_MODES:
            return True
    return False


def assess_payer(runtime: Services, payer_id: str, now: datetime) -> Assessed | None:
    """The payer's one task: open while any of their sessions is on AutoPay (see
    ``_on_autopay``) and they have no saved method."""
    person = _get(runtime.stores.scheduling, payer_id, Person)
    if person is None:
        return None
    practice_id = person.practice_id
    practice = _get(runtime.stores.practice, practice_id, Practice)
    if practice is None:  # pragma: no cover - a person belongs to a practice
        return None
    ctx = runtime.context(SERVICE, UUID(practice_id))
    account = find(runtime.stores[STORE], PayerAccount, PayerAccount.id_for(practice_id, payer_id))
    facts = payment_methods.PayerFacts(
        payer_id=payer_id,
        on_autopay=_on_autopay(ctx, runtime.stores.scheduling, payer_id),
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
    (Case.Closed, when_who_pays_for_a_case_changes_find_its_payers),
    (Case.Reopened, when_who_pays_for_a_case_changes_find_its_payers),
)


def _case_payers(case: Case) -> set[str]:
    payers = set()
    for participant in case.active_participants():
        try:
            payers.add(billed_contact(case, participant))
        except NoBillingContact:  # pragma: no cover - a participant always has a payer
            continue
    return payers


def _practice_payers(runtime: Services, settings: BillingSettings) -> set[str]:
    """Everyone whose billing mode the practice's may decide: payers with an account, and
    billing contacts with an override of their own."""
    with runtime.db.read() as tx:
        table = runtime.engine.tables(tx, "billing_ledger")["accounts"]
        rows = tx.fetchall(
            f"SELECT payer_id FROM {table} WHERE practice_id = %s", (settings.practice_id,)
        )
    contacts = {o.partition(":")[2] for o in settings.overrides if o.startswith("billing_contact:")}
    return {r[0] for r in rows} | contacts


def payers_concerned(runtime: Services, payload: dict[str, Any]) -> set[str]:
    billing = runtime.stores[STORE]
    kind = payload["kind"]
    if kind == "account":
        account = _get(billing, payload["account_id"], PayerAccount)
        return {account.payer_id} if account else set()
    if kind == "override":
        override = _get(billing, payload["override_id"], BillingOverride)
        if override is None:
            return set()
        if override.scope == "billing_contact":
            return {override.scope_id}
        # A case's own mode concerns whoever pays for the case.
        case = _get(runtime.stores.scheduling, override.scope_id, Case)
        return _case_payers(case) if case else set()
    if kind == "practice":
        settings = _get(billing, payload["settings_id"], BillingSettings)
        return _practice_payers(runtime, settings) if settings else set()
    case = _get(runtime.stores.scheduling, payload["case_id"], Case)
    return _case_payers(case) if case else set()


def find_payers_and_reconcile(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    outcomes = [
        PAYMENT_METHOD_TASKS.reconcile(runtime, payment_methods.SOURCE.name, payer)
        for payer in sorted(payers_concerned(runtime, job.payload))
    ]
    return ", ".join(outcomes) or "no-payer"


JOB_KIND = JobKind(FIND_PAYERS, find_payers_and_reconcile, queue="tasks")

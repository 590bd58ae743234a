"""What the billing commands share: the billing store, loading billing aggregates with tenant
checks, the payer's account, the payer a case bills, and retrying a write that lost a race
(the numbering counter and a payer's account serialise writes; a loser reloads and tries
again, it never overwrites)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field, StrictInt

from practicerunner.adapters.eventstore import ContextApplication
from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.errors import NoBillingContact
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.settings import (
    BillingOverride,
    BillingSettings,
    effective,
    override_id,
    settings_id,
)
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import Conflict
from practicerunner.domain.practice.practice import Practice

T = TypeVar("T")
STORE = "billing"
# Strict input: a JSON number with a fraction, a string or a negative is refused (422).
Cents = Annotated[StrictInt, Field(gt=0, le=10_000_000)]


def billing_store(ctx: CommandContext) -> ContextApplication:
    return ctx.stores[STORE]


def find(
    app: ContextApplication, cls: type[T], aggregate_id: UUID, *, copy: bool = True
) -> T | None:
    """An aggregate by id, or None (for deterministic ids that may not exist yet).
    ``copy=False``: the cached aggregate itself, for a caller that only reads it."""
    try:
        found: Any = app.repository.get(aggregate_id, deepcopy_from_cache=copy)
    except AggregateNotFoundError:
        return None
    return found if isinstance(found, cls) else None


def practice_settings(ctx: CommandContext, *, copy: bool = True) -> BillingSettings | None:
    """The practice's billing settings; ``copy=False`` for a caller that only reads them."""
    return find(billing_store(ctx), BillingSettings, settings_id(str(ctx.practice_id)), copy=copy)


def settings_for(
    ctx: CommandContext,
    case_id: str | None,
    payer_id: str | None,
    base: BillingSettings | bool | None = True,
) -> dict[str, Any]:
    """The billing settings that apply to one case's sessions billed to one payer. ``base``:
    the practice's settings when the caller already holds them (None: it has none)."""
    app = billing_store(ctx)
    practice_id = str(ctx.practice_id)
    if base is True:
        base = practice_settings(ctx, copy=False)
    assert base is None or isinstance(base, BillingSettings)
    if base is None:
        return effective({})

    def override(scope: str, scope_id: str | None) -> dict[str, Any] | None:
        if scope_id is None or not base.has_override(scope, scope_id):
            return None
        found = find(app, BillingOverride, override_id(practice_id, scope, scope_id), copy=False)
        return found.values if found else None

    return effective(base.values, override("billing_contact", payer_id), override("case", case_id))


def writable_practice(ctx: CommandContext) -> Practice:
    return practice_for_write(ctx, read_only=True)


def local_today(practice: Practice, now: datetime) -> date:
    return now.astimezone(ZoneInfo(practice.timezone)).date()


def payer_of_practice(ctx: CommandContext, payer_id: UUID | str) -> Person:
    return load(ctx.stores.scheduling, Person, payer_id, ctx.practice_id, copy=False)


def account_for(ctx: CommandContext, payer_id: str) -> PayerAccount:
    app = billing_store(ctx)
    account = find(app, PayerAccount, PayerAccount.id_for(str(ctx.practice_id), payer_id))
    if account is None:
        return PayerAccount.open(str(ctx.practice_id), payer_id, ctx.actor, ctx.now())
    return account


def invoice_of_practice(ctx: CommandContext, invoice_id: UUID | str) -> Invoice:
    return load(billing_store(ctx), Invoice, invoice_id, ctx.practice_id)


def open_invoices(ctx: CommandContext, account: PayerAccount, *have: Invoice) -> dict[str, Invoice]:
    """The payer's open invoices, loaded (reusing any the command already holds)."""
    held = {str(i.id): i for i in have}
    return {
        invoice_id: held.get(invoice_id) or invoice_of_practice(ctx, invoice_id)
        for invoice_id in account.oldest_first
    }


def billed_contact(case: Case, participant_id: str | None = None) -> str:
    """Who pays for a case (or for one group participant): the participant's own billing
    contact where set, else the case's, else an only participant pays for themself."""
    if participant_id is not None:
        own = case.participant_billing_contacts.get(participant_id)
        if own:
            return own
    if case.billing_contact_id:
        return case.billing_contact_id
    if participant_id is not None:
        return participant_id
    people = case.active_participants()
    if len(people) == 1:
        return people[0]
    raise NoBillingContact("Set the case's billing contact first.", field="case_id")


def retrying(attempt: Callable[[], T], expected_version: int | None = None, tries: int = 60) -> T:
    """Runs a whole load-decide-save attempt again when its write lost a race. With If-Match
    the caller asked for that exact version, so a conflict is theirs to see."""
    for n in range(tries):
        try:
            return attempt()
        except Conflict:
            if expected_version is not None or n == tries - 1:
                raise
            time.sleep(random.uniform(0, 0.002 * (n + 1)))
    raise AssertionError("unreachable")  # pragma: no cover

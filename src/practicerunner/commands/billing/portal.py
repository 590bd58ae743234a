"""What a payer does about their own billing in the portal: turn AutoPay on by agreeing to
the wording shown to them (kept word for word, with the time), turn it off again, and open
the pay link of one of their invoices. The actor is the portal person (``person:<id>``) and
is the payer: another payer's invoice, and a draft, answer exactly like an unknown id."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from practicerunner.commands.access import command
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.billing.common import (
    account_for,
    billing_store,
    payer_of_practice,
    retrying,
    settings_for,
    writable_practice,
)
from practicerunner.commands.billing.pay_links import pay_token
from practicerunner.commands.scheduling.portal_requests import portal_person, the_person_themselves
from practicerunner.domain.billing.autopay_consent import AutoPayWordingChanged, autopay_wording
from practicerunner.domain.billing.errors import InvoicePaid, InvoiceVoid
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.errors import NotFound
from practicerunner.domain.practice.practice import Practice

TURNED_OFF_BY_PAYER = "turned off by the payer"


def current_wording(ctx: CommandContext, payer_id: str) -> str:
    """The AutoPay wording this payer is shown now (their notice settings included)."""
    practice_id = ctx.practice_id
    practice = load(ctx.stores.practice, Practice, str(practice_id), practice_id, copy=False)
    settings = settings_for(ctx, None, payer_id)
    return autopay_wording(
        practice.name, bool(settings["autopay_notice"]), int(settings["autopay_notice_hours"])
    )


class ConsentToAutoPay(Command):
    consent_text: str = Field(min_length=1, max_length=2000, description="the wording shown")


@command(access=the_person_themselves)
def consent_to_autopay(cmd: ConsentToAutoPay, ctx: CommandContext) -> CommandResult:
    """AutoPay on for the signed-in payer, recording the wording they agreed to and when.
    Words other than the ones shown now are refused and nothing is recorded."""
    writable_practice(ctx)
    payer_id = portal_person(ctx)
    payer_of_practice(ctx, payer_id)
    if cmd.consent_text != current_wording(ctx, payer_id):
        raise AutoPayWordingChanged("The AutoPay terms have changed: read them again.")

    def attempt() -> CommandResult:
        account = account_for(ctx, payer_id)
        account.consent_to_autopay(cmd.consent_text, ctx.actor, ctx.now())
        return save(billing_store(ctx), account, result_of=account)

    return retrying(attempt)


class OwnAutoPay(Command):
    """The portal person's own AutoPay (no fields: the actor names the payer)."""


@command(access=the_person_themselves)
def withdraw_autopay(cmd: OwnAutoPay, ctx: CommandContext) -> CommandResult:
    """AutoPay off for the signed-in payer: no charge starts after this."""
    writable_practice(ctx)
    payer_id = portal_person(ctx)
    payer_of_practice(ctx, payer_id)

    def attempt() -> CommandResult:
        account = account_for(ctx, payer_id)
        account.turn_autopay_off(TURNED_OFF_BY_PAYER, ctx.actor, ctx.now())
        return save(billing_store(ctx), account, result_of=account)

    return retrying(attempt)


def invoice_of_payer(ctx: CommandContext, payer_id: str, invoice_id: str) -> Invoice:
    """One of the payer's issued invoices; anyone else's, a draft, or an unknown id: 404."""
    invoice = load(billing_store(ctx), Invoice, invoice_id, ctx.practice_id, copy=False)
    if invoice.billed_to_id != payer_id or invoice.issued_at is None:
        raise NotFound("No invoice with that id.")
    return invoice


def pay_link_for(
    ctx: CommandContext, key: bytes, payer_id: str, invoice_id: str
) -> tuple[str, datetime]:
    """The secure pay link (``/pay/<token>``) of one of the payer's open invoices."""
    invoice = invoice_of_payer(ctx, payer_id, invoice_id)
    if invoice.void:
        raise InvoiceVoid("This invoice is void.")
    if not invoice.is_open:
        raise InvoicePaid("This invoice is already paid.")
    token, expires = pay_token(key, invoice.id, ctx.now())
    return f"/pay/{token}", expires

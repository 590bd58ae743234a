"""Billing emails to payers: an invoice with its pay link (or the date AutoPay charges it),
the AutoPay notice before a charge, and "a payment needs attention" after AutoPay gave up.
Each is an exactly-once effect keyed by its decision; none names a service, a diagnosis or
anyone but the practice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.adapters.mailer import OutgoingEmail
from practicerunner.adapters.templating import render_email
from practicerunner.commands.billing.pay_links import pay_token
from practicerunner.domain.billing.invoices import Invoice, display_number
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.practice import Practice
from practicerunner.processes.effects import EffectOutcome

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def pay_url(runtime: Services, invoice_id: UUID) -> tuple[str, str]:
    token, expires = pay_token(
        runtime.settings.resolved_secret_key(), invoice_id, runtime.clock.now()
    )
    return f"{runtime.settings.public_base_url.rstrip('/')}/pay/{token}", expires.date().isoformat()


def send_to_payer(
    runtime: Services, practice_id: str, payer_id: str, template: str, key: str, **context: Any
) -> EffectOutcome | None:
    """Emails the payer once per ``key``; None when they have no email address."""
    payer: Person = runtime.stores.scheduling.repository.get(UUID(payer_id))
    practice: Practice = runtime.stores.practice.repository.get(UUID(practice_id))
    assert isinstance(payer, Person) and isinstance(practice, Practice)
    if not payer.primary_email:
        return None
    rendered = render_email(template, practice_name=practice.name, **context)
    email = OutgoingEmail(
        to=payer.primary_email, subject=rendered.subject, text=rendered.text,
        html=rendered.html, dedupe_key=key.replace(":", "."),
    )  # fmt: skip
    return runtime.effects.once(
        f"email:{key}", lambda: runtime.mailer().send(email), runtime.clock.now
    )


def local_day(runtime: Services, practice_id: str, when: Any) -> str:
    practice: Practice = runtime.stores.practice.repository.get(UUID(practice_id))
    assert isinstance(practice, Practice)
    return str(when.astimezone(ZoneInfo(practice.timezone)).date().isoformat())


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    return {
        "number": display_number(invoice.number),
        "amount": dollars(invoice.balance_cents),
        "due_on": invoice.due_on,
    }

"""Races the billing context must win: invoice numbers under concurrent creation, and two
payments landing on one invoice at the same moment. Real threads against the real stores
(SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier
from uuid import UUID

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.billing import invoices, payments
from practicerunner.commands.clients import cases, people
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.numbering import InvoiceNumbering
from tests.support.tenants import open_tenant


def _payer_and_case(runtime: Runtime) -> tuple[object, str, str]:
    tenant = open_tenant(runtime, "bayview-therapy")
    ctx = runtime.context(Actor(tenant.owner_id), tenant.practice_id)
    payer = people.register_person(
        people.RegisterPerson(given_name="Morgan", family_name="Payer"), ctx
    )
    case = cases.open_case(cases.OpenCase(kind="individual", participant_ids=[payer.id]), ctx)
    return ctx, str(payer.id), str(case.id)


def test_twenty_concurrent_invoices_take_twenty_consecutive_numbers(runtime: Runtime) -> None:
    ctx, _, case = _payer_and_case(runtime)
    line = invoices.FreeLine(description="Session", unit_fee_cents=10000)
    start = Barrier(20)

    def create(_: int) -> UUID:
        start.wait()
        command = invoices.CreateInvoice(case_id=UUID(case), lines=[line])
        return invoices.create_invoice(command, ctx).id  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = list(pool.map(create, range(20)))
    app = runtime.stores["billing"]
    numbers = sorted(app.repository.get(i).number for i in ids)
    assert numbers == list(range(1, 21))
    numbering = app.repository.get(InvoiceNumbering.id_for(str(ctx.practice_id)))  # type: ignore[attr-defined]
    assert numbering.last == 20
    taken = {e.invoice_id: e.number for e in app.events.get(numbering.id) if hasattr(e, "number")}
    assert taken == {str(i): app.repository.get(i).number for i in ids}


def test_two_concurrent_payments_never_pay_an_invoice_beyond_its_total(runtime: Runtime) -> None:
    ctx, payer, case = _payer_and_case(runtime)
    created = invoices.create_invoice(
        invoices.CreateInvoice(
            case_id=UUID(case),
            lines=[invoices.FreeLine(description="Session", unit_fee_cents=10000)],
        ),
        ctx,  # type: ignore[arg-type]
    )
    invoices.issue_invoice(invoices.InvoiceCommand(invoice_id=created.id), ctx)  # type: ignore[arg-type]
    start = Barrier(2)

    def pay(_: int) -> None:
        start.wait()
        payments.record_outside_payment(
            payments.RecordOutsidePayment(
                invoice_id=created.id, method="cash", amount_cents=8000,
                received_on=date(2026, 3, 2),
            ),
            ctx,  # type: ignore[arg-type]
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(pay, range(2)))
    app = runtime.stores["billing"]
    invoice = app.repository.get(created.id)
    assert isinstance(invoice, Invoice)
    assert (invoice.paid_cents, invoice.status.value) == (10000, "paid")
    account = app.repository.get(PayerAccount.id_for(str(ctx.practice_id), payer))  # type: ignore[attr-defined]
    assert account.credit_cents == 6000  # 16,000 received, 10,000 owed

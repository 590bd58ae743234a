"""Response shapes of the billing routes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class InvoiceLineView(BaseModel):
    line_id: str
    kind: str
    appointment_id: str | None
    participant_id: str | None
    service_date: str | None
    description: str
    cpt_code: str | None
    units: int
    unit_fee_cents: int
    amount_cents: int
    rendering_provider_id: str | None
    supervising_provider_id: str | None
    place_of_service: str | None
    credited: bool = False


class InvoiceView(BaseModel):
    invoice_id: str
    number: int
    display_number: str
    billed_to_id: str
    case_id: str | None
    wording: str
    status: str
    lines: list[InvoiceLineView]
    lines_cents: int
    credited_cents: int
    total_cents: int
    paid_cents: int
    balance_cents: int
    pending_cents: int = Field(
        description="bank debits on their way: still owed, and not to be asked for again"
    )
    issued_at: str | None
    due_on: str | None
    sent: bool
    provider_id: str | None
    period: str | None
    created_at: str
    updated_at: str
    version: int


class InvoicePage(BaseModel):
    items: list[InvoiceView]
    next_cursor: str | None


class BillableLineView(BaseModel):
    participant_id: str | None = Field(description="a group member's own line; None: the case's")
    kind: str = Field(description="session, late_cancel or no_show")
    description: str
    amount_cents: int


class BillableAppointmentView(BaseModel):
    """A past session the invoice could still bill, with the lines adding it would make."""

    appointment_id: str
    starts_at: str
    starts_local: str = Field(description="in the practice's timezone")
    ends_local: str
    status: str
    service_name: str | None
    provider_name: str | None
    lines: list[BillableLineView]
    amount_cents: int


class BillableAppointmentList(BaseModel):
    items: list[BillableAppointmentView]


class PaymentView(BaseModel):
    payment_id: str
    payer_id: str
    method: str
    status: str
    received_on: str
    reference: str | None
    allocations: dict[str, int]
    amount_cents: int
    refunded_cents: int
    to_credit_cents: int
    recorded_at: str


class PaymentPage(BaseModel):
    items: list[PaymentView]
    next_cursor: str | None


class Aging(BaseModel):
    current: int
    days_31_60: int
    days_61_90: int
    over_90: int


class PayerAutoPayConsent(BaseModel):
    """The AutoPay consent a payer gave themselves in the portal, while AutoPay is on by it."""

    text: str = Field(description="the words the payer agreed to, word for word")
    at: str = Field(description="when they agreed")
    given_in: str = Field(description="where they agreed: the client portal")


class LedgerView(BaseModel):
    scope: str
    scope_id: str
    charges_cents: int
    payments_cents: int
    refunds_cents: int
    returns_cents: int = Field(
        description="bank debits taken back after they succeeded: owed again"
    )
    credits_cents: int
    balance_cents: int
    pending_cents: int = Field(description="of the open invoices, bank debits on their way")
    credit_available_cents: int
    autopay: bool
    autopay_consent: PayerAutoPayConsent | None = Field(
        default=None,
        description="a payer's: the consent AutoPay is on by; none when staff turned it on",
    )
    saved_method: dict[str, Any] | None
    aging: Aging
    open_invoices: int


class OutstandingItem(BaseModel):
    payer_id: str
    balance_cents: int
    charges_cents: int
    payments_cents: int
    credit_available_cents: int


class OutstandingPage(BaseModel):
    items: list[OutstandingItem]
    next_cursor: str | None


class RevenueRow(BaseModel):
    provider_id: str
    month: str
    billed_cents: int
    credited_cents: int
    net_cents: int


class BillingSettingsView(BaseModel):
    values: dict[str, Any]
    schedules: dict[str, dict[str, Any]]
    default_schedule: dict[str, Any]
    version: int


class BillingOverrideView(BaseModel):
    scope: str
    scope_id: str
    values: dict[str, Any]
    effective: dict[str, Any]
    version: int

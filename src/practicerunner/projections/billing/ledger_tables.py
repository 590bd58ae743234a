"""The ledger's tables and their column kinds (sealed line descriptions, references and saved
methods; money in integer cents)."""

from __future__ import annotations

from practicerunner.projections.batch import Table

# returns: bank debits taken back after they succeeded (owed again, like a refund, but the
# money never stayed with the practice)
MONEY = ("charges_cents", "payments_cents", "refunds_cents", "returns_cents", "credits_cents")
TOTALS = "ledger_totals"


def _money(*names: str) -> dict[str, str]:
    return dict.fromkeys(names, "BIGINT NOT NULL")


LINE_COLUMNS = (
    "line_id", "kind", "appointment_id", "participant_id", "service_date", "description",
    "cpt_code", "units", "unit_fee_cents", "amount_cents", "rendering_provider_id",
    "supervising_provider_id", "place_of_service", "credited",
)  # fmt: skip

TABLES = (
    Table(
        "invoice_lines",
        {
            "invoice_id": "TEXT",
            "line_id": "TEXT",
            "practice_id": "TEXT NOT NULL",
            "seq": "INTEGER NOT NULL",
            "kind": "TEXT NOT NULL",
            "appointment_id": "TEXT",
            "participant_id": "TEXT",
            "service_date": "TEXT",
            "description": "TEXT NOT NULL",
            "cpt_code": "TEXT",
            "units": "INTEGER NOT NULL",
            "unit_fee_cents": "BIGINT NOT NULL",
            "amount_cents": "BIGINT NOT NULL",
            "rendering_provider_id": "TEXT",
            "supervising_provider_id": "TEXT",
            "place_of_service": "TEXT",
            "credited": "INTEGER NOT NULL",
        },
        key=("invoice_id", "line_id"),
        sealed=("description",),
        booleans=("credited",),
        money=("unit_fee_cents", "amount_cents"),
    ),
    Table(
        "invoices",
        {
            "invoice_id": "TEXT",
            "practice_id": "TEXT NOT NULL",
            "number": "INTEGER NOT NULL",
            "billed_to_id": "TEXT NOT NULL",
            "case_id": "TEXT",
            "person_ids": "TEXT NOT NULL",
            "wording": "TEXT NOT NULL",
            "status": "TEXT NOT NULL",
            # {"<rendering provider>|<month of service>": [billed, credited]}: what revenue
            # this invoice adds (when issued) and takes back (when void), in cents.
            "revenue_parts": "TEXT NOT NULL",
            **_money(
                "lines_cents",
                "charged_cents",
                "credited_cents",
                "total_cents",
                "paid_cents",
                "balance_cents",
                # bank debits on their way: part of the balance, not to be asked for again
                "pending_cents",
            ),
            "issued_at": "TEXT",
            "due_on": "TEXT",
            "sent": "INTEGER NOT NULL",
            "provider_id": "TEXT",
            "period": "TEXT",
            "created_at": "TEXT NOT NULL",
            "updated_at": "TEXT NOT NULL",
            "version": "INTEGER NOT NULL",
        },
        key=("invoice_id",),
        indexes=(
            ("practice_id", "billed_to_id", "number"),
            ("practice_id", "case_id", "number"),
            ("practice_id", "status", "number"),
            ("practice_id", "number"),
            ("status", "period"),
        ),
        json=("revenue_parts", "person_ids"),
        booleans=("sent",),
        money=(
            "lines_cents",
            "charged_cents",
            "credited_cents",
            "total_cents",
            "paid_cents",
            "balance_cents",
            "pending_cents",
        ),
    ),
    Table(
        "invoice_people",
        {"invoice_id": "TEXT", "person_id": "TEXT", "practice_id": "TEXT NOT NULL"},
        key=("invoice_id", "person_id"),
        indexes=(("practice_id", "person_id"),),
    ),
    Table(
        "payments",
        {
            "payment_id": "TEXT",
            "practice_id": "TEXT NOT NULL",
            "payer_id": "TEXT NOT NULL",
            "method": "TEXT NOT NULL",
            "status": "TEXT NOT NULL",
            "received_on": "TEXT NOT NULL",
            "reference": "TEXT",
            "allocations": "TEXT NOT NULL",
            **_money("amount_cents", "refunded_cents", "to_credit_cents"),
            "recorded_at": "TEXT NOT NULL",
        },
        key=("payment_id",),
        indexes=(("practice_id", "payer_id", "recorded_at"),),
        sealed=("reference",),
        json=("allocations",),
        money=("amount_cents", "refunded_cents", "to_credit_cents"),
    ),
    Table(
        TOTALS,
        {
            "practice_id": "TEXT",
            "scope": "TEXT",
            "scope_id": "TEXT",
            **_money(*MONEY, "balance_cents", "credit_available_cents"),
            "autopay": "INTEGER NOT NULL",
            "saved_method": "TEXT",
        },
        key=("practice_id", "scope", "scope_id"),
        indexes=(("practice_id", "scope", "balance_cents", "scope_id"),),
        sealed=("saved_method",),
        json=("saved_method",),
        booleans=("autopay",),
        money=(*MONEY, "balance_cents", "credit_available_cents"),
    ),
    Table(
        "accounts",
        {"account_id": "TEXT", "practice_id": "TEXT NOT NULL", "payer_id": "TEXT NOT NULL"},
        key=("account_id",),
    ),
    Table(
        "revenue",
        {
            "practice_id": "TEXT",
            "provider_id": "TEXT",
            "month": "TEXT",
            **_money("billed_cents", "credited_cents"),
        },
        key=("practice_id", "provider_id", "month"),
    ),
)

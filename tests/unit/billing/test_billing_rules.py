"""Billing rules as pure functions: which appointments are billed and for what, settings
precedence and validation, and invoice status."""

from __future__ import annotations

from datetime import date

import pytest

from practicerunner.domain.billing.invoices import status_of
from practicerunner.domain.billing.lines import SessionFacts, appointment_line, discount_line
from practicerunner.domain.billing.settings import DEFAULTS, effective, validate_settings
from practicerunner.domain.errors import InvalidValue
from practicerunner.domain.scheduling.appointments import AppointmentStatus as S


def facts(status: S, case_kind: str = "individual") -> SessionFacts:
    return SessionFacts(
        appointment_id="a1", participant_id=None, status=status, case_kind=case_kind,
        service_name="Psychotherapy", cpt_code="90834", fee_cents=15000,
        service_date=date(2026, 3, 2), provider_id="p1", supervisor_id="s1",
        session_format="in_person",
    )  # fmt: skip


FEES = {**DEFAULTS, "late_cancel_fee_cents": 7500, "no_show_fee_cents": 10000}


@pytest.mark.parametrize(
    ("status", "settings", "kind", "cents"),
    [
        (S.COMPLETED, DEFAULTS, "session", 15000),
        (S.NO_SHOW, FEES, "no_show", 10000),
        (S.LATE_CANCELLED, FEES, "late_cancel", 7500),
        (S.NO_SHOW, DEFAULTS, None, None),  # no fee set: not invoiced
        (S.LATE_CANCELLED, DEFAULTS, None, None),
        # A case's own "not invoiced" over the practice's fees: no $0 line.
        (S.NO_SHOW, effective(FEES, None, {"no_show_fee_cents": 0}), None, None),
        (S.LATE_CANCELLED, effective(FEES, {"late_cancel_fee_cents": 0}), None, None),
        (S.PLANNED_ABSENCE, FEES, None, None),  # never, whatever the fees
        (S.CANCELLED_BY_CLIENT, FEES, None, None),
        (S.SCHEDULED, FEES, None, None),  # not yet held: only staff billing ahead
    ],
)
def test_appointments_are_billed_by_policy(
    status: S, settings: dict, kind: str | None, cents: int | None
) -> None:
    line = appointment_line(facts(status), settings)
    if kind is None:
        assert line is None
    else:
        assert line is not None and (line["kind"], line["amount_cents"]) == (kind, cents)
        assert line["cpt_code"] == ("90834" if kind == "session" else None)


def test_consultation_cases_get_consultation_wording_and_no_cpt() -> None:
    line = appointment_line(facts(S.COMPLETED, "individual_consultation"), DEFAULTS)
    assert line is not None
    assert (line["description"], line["cpt_code"]) == ("Consultation session", None)
    assert line["supervising_provider_id"] == "s1" and line["place_of_service"] == "11"


def test_the_case_override_wins_over_the_contact_s_which_wins_over_the_practice_s() -> None:
    got = effective(
        {"billing_mode": "auto_invoice", "payment_terms_days": 30},
        {"billing_mode": "autopay", "review_delay_hours": 4},
        {"billing_mode": "manual", "review_delay_hours": None},
    )
    assert (got["billing_mode"], got["review_delay_hours"], got["payment_terms_days"]) == (
        "manual", 4, 30,
    )  # fmt: skip
    assert got["autopay_notice"] is True  # AutoPay tells the payer first, by default


@pytest.mark.parametrize(
    "values",
    [
        {"billing_mode": "sometimes"},
        {"review_delay_hours": 1.5},
        {"late_cancel_fee_cents": -1},
        {"accepted_methods": ["bitcoin"]},
        {"discount": {"applies_to": ["manual"], "kind": "percent", "value": 80}},
        {"autopay_retry_days": [3, 1]},
        {"nonsense": 1},
    ],
)
def test_bad_settings_are_refused(values: dict) -> None:
    with pytest.raises(InvalidValue):
        validate_settings(values, practice=True)


def test_discounts_round_to_the_cent_and_never_exceed_the_subtotal() -> None:
    percent = {"discount": {"applies_to": ["manual"], "kind": "percent", "value": 5}}
    line = discount_line(percent, "manual", 3333)
    assert line is not None and line["amount_cents"] == -167
    fixed = {"discount": {"applies_to": ["bank_transfer"], "kind": "fixed", "value": 5000}}
    line = discount_line(fixed, "bank_transfer", 3000)
    assert line is not None and line["amount_cents"] == -3000
    assert discount_line(fixed, "manual", 3000) is None


def test_status_follows_issue_payment_and_void() -> None:
    assert status_of(issued=False, sent=False, void=False, total=100, paid=0) == "draft"
    assert status_of(issued=True, sent=True, void=False, total=100, paid=0) == "sent"
    assert status_of(issued=True, sent=True, void=False, total=100, paid=1) == "partially_paid"
    assert status_of(issued=True, sent=False, void=False, total=100, paid=100) == "paid"
    assert status_of(issued=True, sent=False, void=True, total=100, paid=0) == "void"

"""A payer's own AutoPay consent on their account, given events then a decision: the
wording is kept word for word with its time, consent is recorded once per wording, and an
account saved before consent existed still loads without one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.errors import NoSavedMethod

PAYER = Actor("person:p1")
STAFF = Actor("staff-1")
AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
CARD = {"id": "pm_1", "kind": "card", "label": "Visa ending 4242"}


def account_with_card() -> PayerAccount:
    account = PayerAccount.open("practice-1", "p1", STAFF, AT)
    account.save_method(CARD, PAYER, AT)
    account.collect_events()
    return account


def names(account: PayerAccount) -> list[str]:
    return [type(e).__name__ for e in account.collect_events()]


def test_consent_turns_autopay_on_and_keeps_the_wording_and_time() -> None:
    account = account_with_card()
    account.consent_to_autopay("I authorise Harbor.", PAYER, AT)
    assert names(account) == ["AutoPayConsented", "AutoPayTurnedOn"]
    assert account.autopay is True
    assert account.autopay_consent == {"text": "I authorise Harbor.", "at": AT.isoformat()}
    account.consent_to_autopay("I authorise Harbor.", PAYER, AT)  # a retry: nothing new
    assert names(account) == []


def test_consent_after_staff_turned_autopay_on_is_recorded_without_a_second_turn_on() -> None:
    account = account_with_card()
    account.turn_autopay_on(STAFF, AT)
    account.collect_events()
    account.consent_to_autopay("New wording.", PAYER, AT)
    assert names(account) == ["AutoPayConsented"]


def test_consent_needs_a_saved_method() -> None:
    account = PayerAccount.open("practice-1", "p1", STAFF, AT)
    with pytest.raises(NoSavedMethod):
        account.consent_to_autopay("I authorise Harbor.", PAYER, AT)
    assert account.autopay_consent is None


def test_an_account_restored_from_a_snapshot_taken_before_consent_existed_has_none() -> None:
    account = account_with_card()
    state = {k: v for k, v in vars(account).items() if k != "autopay_consent"}
    restored = object.__new__(PayerAccount)
    restored.__dict__.update(state)
    assert restored.autopay_consent is None
    restored.consent_to_autopay("I authorise Harbor.", PAYER, AT)
    assert restored.autopay is True


def test_consent_ends_with_autopay_and_staff_turning_it_on_again_leaves_none() -> None:
    account = account_with_card()
    account.consent_to_autopay("I authorise Harbor.", PAYER, AT)
    account.turn_autopay_off("turned off by the payer", PAYER, AT)
    assert account.autopay_consent is None
    account.turn_autopay_on(STAFF, AT)
    assert (account.autopay, account.autopay_consent) == (True, None)
    account.collect_events()
    account.consent_to_autopay("I authorise Harbor.", PAYER, AT)  # the same words, given again
    assert names(account) == ["AutoPayConsented"]

"""The test cards and bank accounts the fake's hosted pages accept, and what each does when
charged. Cards follow Stripe's published test numbers; the bank accounts are the fake's own
(routing number 110000000, like Stripe's test bank)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    """What a saved instrument does when charged: ``decline_code`` declines a card at once;
    a bank debit settles as ``settles`` (``succeeded``, ``failed``, or ``returned``: succeeds,
    then is taken back) with ``failure_code``."""

    decline_code: str | None = None
    settles: str = "succeeded"
    failure_code: str | None = None


CARDS: dict[str, tuple[str, Behaviour]] = {
    "4242424242424242": ("visa", Behaviour()),
    "5555555555554444": ("mastercard", Behaviour()),
    "4000000000000002": ("visa", Behaviour(decline_code="generic_decline")),
    "4000000000009995": ("visa", Behaviour(decline_code="insufficient_funds")),
    "4000000000000341": ("visa", Behaviour(decline_code="generic_decline")),
}

ROUTING_NUMBER = "110000000"
BANK_ACCOUNTS: dict[str, Behaviour] = {
    "000123456789": Behaviour(),
    "000111111116": Behaviour(settles="failed", failure_code="insufficient_funds"),
    "000111111113": Behaviour(settles="failed", failure_code="account_closed"),
    "000999999991": Behaviour(settles="returned", failure_code="debit_not_authorized"),
}


def card(number: str) -> tuple[str, Behaviour] | None:
    return CARDS.get("".join(ch for ch in number if ch.isdigit()))


def bank_account(routing: str, account: str) -> Behaviour | None:
    if routing.strip() != ROUTING_NUMBER:
        return None
    return BANK_ACCOUNTS.get(account.strip())

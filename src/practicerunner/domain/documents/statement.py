"""A statement: one payer's account over a period, from the opening balance through each
charge, payment, credit and refund to the closing balance, with the running balance on every
line. Entries carry their signed effect on the balance (a payment is negative)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str  # charge, payment, credit, refund, void
    description: str
    amount_cents: int


@dataclass(frozen=True)
class StatementLine:
    entry: Entry
    balance_cents: int


@dataclass(frozen=True)
class Statement:
    period_start: date
    period_end: date
    opening_cents: int
    lines: tuple[StatementLine, ...]

    @property
    def closing_cents(self) -> int:
        return self.lines[-1].balance_cents if self.lines else self.opening_cents

    def total(self, *kinds: str) -> int:
        return sum(line.entry.amount_cents for line in self.lines if line.entry.kind in kinds)


def build_statement(entries: list[Entry], start: date, end: date) -> Statement:
    ordered = sorted(entries, key=lambda e: e.on)
    opening = sum(e.amount_cents for e in ordered if e.on < start)
    balance, lines = opening, []
    for e in ordered:
        if start <= e.on <= end:
            balance += e.amount_cents
            lines.append(StatementLine(e, balance))
    return Statement(start, end, opening, tuple(lines))

"""The SQL an HTTP command costs, counted (not timed): a regression in statements or round
trips per request fails here. ``benchmarks.statements`` counts every statement the request's
own path runs (SQLite: each statement; PostgreSQL: each simple query or Execute on the wire,
and each round trip), with caches warm and nothing in the background.

Where it stood: 30 statements on SQLite and 17 (16.4 round trips) on PostgreSQL before the
credential look-up became one statement; 16 and 11 before a handler stopped loading again
what its access check had loaded (13 and 10 since). Lower is always welcome: lower the limits
with it."""

from __future__ import annotations

from benchmarks.http_command import count_http_command

from practicerunner.config import Settings

LIMITS = {  # backend: (statements, round trips) per request, at most
    "sqlite": (13, 13),
    "postgres": (10, 10),
}


def test_a_simple_http_command_stays_within_its_statement_count(
    backend: str, settings: Settings
) -> None:
    counted = count_http_command(settings, requests=10)

    statements, round_trips = LIMITS[backend]
    assert counted.statements <= statements, counted
    assert counted.round_trips <= round_trips, counted
    assert counted.statements > 0 and counted.round_trips > 0, counted

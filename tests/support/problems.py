"""Refusals as the API answers them: RFC 9457 problem+json with a stable ``type``.

Tests pin the type of every refusal, not only its status: two refusals with one status (a
422 for a bad value and a 422 for a broken rule) are different answers to a client.
"""

from __future__ import annotations

from typing import Any

# Written out here rather than imported: a changed base URL must fail the tests.
PROBLEM_BASE = "https://practicerunner.org/problems/"


def refusal(response: Any, status: int, type: str) -> dict[str, Any]:
    """Asserts ``response`` is a problem+json refusal with ``status`` and the problem type
    ``type`` (its last part, e.g. ``"double-booking"``); returns the problem body."""
    assert response.status_code == status, (response.status_code, response.text)
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("application/problem+json"), (content_type, response.text)
    body: dict[str, Any] = response.json()
    assert body.get("type") == PROBLEM_BASE + type, (body.get("type"), body)
    assert body.get("status") == status, body
    return body

"""Domain errors with stable codes; the API maps them to problem+json in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the practice was broken. ``code`` is stable and part of the API contract."""

    code = "domain-error"
    status = 422
    title = "The request breaks a rule of the practice"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class RuleViolation(DomainError):
    code = "rule-violation"


class InvalidValue(DomainError):
    code = "invalid-value"
    title = "A value is not acceptable"


class NotFound(DomainError):
    code = "not-found"
    status = 404
    title = "Not found"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    title = "Conflict with the current state"


class AlreadyExists(Conflict):
    code = "already-exists"
    title = "Already exists"


class StaleVersion(DomainError):
    code = "version-mismatch"
    status = 412
    title = "The resource has changed since the version you sent"


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    title = "Not allowed"


class PlanLimitReached(DomainError):
    code = "plan-limit"
    status = 403
    title = "The practice's plan does not allow this"


class PortalOff(DomainError):
    """The practice has switched its client portal off (``portal.enabled``): portal sign-in
    and every portal route answer this, whoever asks, so it tells nothing about an address."""

    code = "portal-off"
    status = 403
    title = "The client portal is off"

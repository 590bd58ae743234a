"""What every sign-in ceremony shares: throttling, the one generic refusal, and starting a
session. Every failure a caller could learn from looks the same from outside (``SignInRefused``,
one message), is counted for throttling, and is logged without any secret or personal data."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from practicerunner.adapters.sessions import Session
from practicerunner.adapters.signing import keyed_hash
from practicerunner.adapters.webauthn import (
    RelyingParty,
)
from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.identity import accounts, portal_accounts
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import DomainError, NotFound
from practicerunner.domain.identity.accounts import RECOVERY_CODE_COUNT
from practicerunner.domain.identity.passkeys import PasskeyHolder, SignInRefused
from practicerunner.domain.identity.session_policy import (
    THROTTLE_WINDOW,
    Throttle,
    session_timeouts,
)
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.staff import StaffMember

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

log = logging.getLogger(__name__)

REFUSED = "Sign-in failed. Check the link, passkey or code and try again."
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class TooManyAttempts(DomainError):
    code = "too-many-attempts"
    status = 429
    title = "Too many attempts"


@dataclass(frozen=True)
class Where:
    """Where a request came from: for throttling, the sign-in event and the session list."""

    address: str | None = None
    user_agent: str | None = None


@dataclass
class SignedIn:
    token: str
    session: Session
    recovery_codes: list[str] = field(default_factory=list)


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


class Ceremonies:
    """Shared state and steps of the staff and portal ceremonies."""

    def __init__(self, runtime: Services) -> None:
        self.rt = runtime
        self.rp = RelyingParty.from_settings(runtime.settings)
        self.sessions = runtime.sessions

    def _key(self) -> bytes:
        return self.rt.settings.resolved_secret_key()

    def _ctx(self, actor: Actor, practice_id: Any = None) -> CommandContext:
        return self.rt.context(actor, practice_id)

    def _now(self) -> Any:
        return self.rt.clock.now()

    def code_hash(self, account_id: uuid.UUID, code: str) -> str:
        return keyed_hash(self._key(), f"recovery:{account_id}", normalise_code(code))

    def _new_codes(self, account_id: uuid.UUID) -> tuple[list[str], list[str]]:
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        return codes, [self.code_hash(account_id, c) for c in codes]

    def _throttled(self, keys: dict[Throttle, str], only: tuple[Throttle, ...] = ()) -> None:
        since = self._now() - THROTTLE_WINDOW
        for throttle, key in keys.items():
            if only and throttle not in only:
                continue
            if self.sessions.failures_since(key, since) >= throttle.limit:
                log.warning("sign-in throttled (%s)", throttle.name)
                raise TooManyAttempts(
                    "Too many failed sign-in attempts; wait a few minutes and try again.",
                    retry_after_seconds=int(THROTTLE_WINDOW.total_seconds()),
                )

    def _fail(self, keys: list[str], why: str) -> SignInRefused:
        self.sessions.record_failure(keys, self._now())
        log.info("sign-in refused: %s", why)
        return SignInRefused(REFUSED)

    def _portal_must_be_on(self, practice_id: str) -> None:
        """Refuses (``portal-off``) while the practice has its client portal switched off."""
        load(self.rt.stores.practice, Practice, practice_id, None, copy=False).portal_must_be_on()

    def _start_session(
        self, kind: str, practice_id: str, subject_id: str, method: str, where: Where, sid: str
    ) -> tuple[str, Session]:
        practice = load(self.rt.stores.practice, Practice, practice_id, None)
        timeouts = session_timeouts(kind, practice.settings.get("security", {}))
        return self.sessions.start(
            kind=kind,
            practice_id=practice_id,
            subject_id=subject_id,
            method=method,
            idle_timeout=timeouts.idle,
            lifetime=timeouts.absolute,
            now=self._now(),
            address=where.address,
            user_agent=where.user_agent,
            session_id=sid,
        )

    def _staff_may_sign_in(self, staff_id: str) -> StaffMember:
        staff: object = self.rt.stores.practice.repository.get(uuid.UUID(staff_id))
        if not isinstance(staff, StaffMember) or staff.status != "active":
            raise SignInRefused(REFUSED)
        return staff

    def account_of(self, session: Session) -> PasskeyHolder:
        ctx = self._ctx(Actor.service("sign-in"))
        account: PasskeyHolder | None
        if session.kind == "staff":
            account = accounts.find_staff_account(ctx, session.subject_id)
        else:
            account = portal_accounts.find_portal_account(
                ctx, session.practice_id, session.subject_id
            )
        if account is None:
            raise NotFound("No sign-in account.")
        return account

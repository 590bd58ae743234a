"""Sign-in accounts: a staff member's passkeys and recovery codes, a client's portal access.

An account is separate from the person it signs in (``StaffMember``, a client): credentials
change often and are security records, the person's practice data is not. Every sign-in,
sign-out, credential change and delegation start/stop is an event here, for the audit trail.
Session tokens themselves are not events (see ``practicerunner.sessions``).

Secrets never enter an event in plain: recovery codes are stored as keyed hashes, passkeys as
public keys. ``secret_fields`` lists what auditors' history views leave out anyway.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.identity.passkeys import PasskeyHolder, SignInRefused

RECOVERY_CODE_COUNT = 10
ACCOUNT_RESET_LIFETIME = timedelta(hours=24)
PORTAL_LINK_LIFETIME = timedelta(minutes=15)


def staff_account_id(staff_id: str) -> UUID:
    return natural_id("staff-account", staff_id)


def portal_account_id(practice_id: str, person_id: str) -> UUID:
    return natural_id("portal-account", practice_id, person_id)


class StaffAccount(PasskeyHolder):
    """A staff member's sign-in: passkeys, ten single-use recovery codes, owner-driven reset,
    and the record of acting as a provider."""

    def __init__(self, practice_id: str, staff_id: str) -> None:
        super().__init__(practice_id)
        self.staff_id = staff_id
        self.code_hashes: list[str | None] = []
        self.reset_id: str | None = None
        self.reset_expires_at: datetime | None = None
        self.resets_used: list[str] = []

    class Opened(PracticeAggregate.Created):
        practice_id: str
        staff_id: str

    class RecoveryCodesIssued(PracticeAggregate.Event):
        code_hashes: list[str]

        def apply(self, account: StaffAccount) -> None:
            account.code_hashes = list(self.code_hashes)

    class RecoveryCodeUsed(PracticeAggregate.Event):
        index: int
        session_id: str

        def apply(self, account: StaffAccount) -> None:
            account.code_hashes[self.index] = None

    class AccessReset(PracticeAggregate.Event):
        """The owner reset a lost authenticator: every passkey and recovery code stops working
        and a one-time enrolment link goes to the staff member's email."""

        staff_id: str
        reset_id: str
        expires_at: datetime
        removed_passkeys: int

        def apply(self, account: StaffAccount) -> None:
            account.passkeys.clear()
            account.code_hashes = []
            account.reset_id = self.reset_id
            account.reset_expires_at = self.expires_at

    class ResetCompleted(PracticeAggregate.Event):
        reset_id: str

        def apply(self, account: StaffAccount) -> None:
            account.resets_used.append(self.reset_id)
            account.reset_id = None
            account.reset_expires_at = None

    class ActingStarted(PracticeAggregate.Event):
        provider_id: str
        session_id: str

        def apply(self, account: StaffAccount) -> None:
            pass

    class ActingStopped(PracticeAggregate.Event):
        provider_id: str
        session_id: str

        def apply(self, account: StaffAccount) -> None:
            pass

    @classmethod
    def open(cls, *, practice_id: str, staff_id: str, by: Actor, at: datetime) -> StaffAccount:
        return cls._start(
            cls.Opened,
            id=staff_account_id(staff_id),
            by=by,
            at=at,
            practice_id=practice_id,
            staff_id=staff_id,
        )

    # -- recovery codes -------------------------------------------------------------------

    def issue_recovery_codes(self, code_hashes: list[str], by: Actor, at: datetime) -> None:
        """Replaces every recovery code (the old ones stop working)."""
        if len(code_hashes) != RECOVERY_CODE_COUNT or len(set(code_hashes)) != len(code_hashes):
            raise RuleViolation(f"Recovery codes come as {RECOVERY_CODE_COUNT} distinct codes.")
        self._happen(self.RecoveryCodesIssued, by, at, code_hashes=list(code_hashes))

    def use_recovery_code(self, code_hash: str, session_id: str, by: Actor, at: datetime) -> None:
        """A code works once; a used or unknown one is refused."""
        if code_hash not in self.code_hashes:
            raise SignInRefused("That recovery code does not sign anyone in.")
        self._happen(
            self.RecoveryCodeUsed,
            by,
            at,
            index=self.code_hashes.index(code_hash),
            session_id=session_id,
        )

    @property
    def recovery_codes_left(self) -> int:
        return sum(1 for h in self.code_hashes if h is not None)

    # -- owner-driven reset ---------------------------------------------------------------

    def reset_access(self, reset_id: str, by: Actor, at: datetime) -> None:
        if by.id == self.staff_id:
            raise RuleViolation(
                "You cannot reset your own access; use a recovery code or another passkey."
            )
        self._happen(
            self.AccessReset,
            by,
            at,
            staff_id=self.staff_id,
            reset_id=reset_id,
            expires_at=at + ACCOUNT_RESET_LIFETIME,
            removed_passkeys=len(self.passkeys),
        )

    def complete_reset(self, reset_id: str, by: Actor, at: datetime) -> None:
        """Refuses a used, superseded or expired reset link: the link is one-time."""
        if reset_id in self.resets_used or reset_id != self.reset_id:
            raise SignInRefused("This link has already been used or was replaced.")
        if self.reset_expires_at is None or at >= self.reset_expires_at:
            raise SignInRefused("This link has expired; ask the practice owner for a new one.")
        self._happen(self.ResetCompleted, by, at, reset_id=reset_id)

    # -- acting as a provider -------------------------------------------------------------

    def start_acting(self, provider_id: str, session_id: str, by: Actor, at: datetime) -> None:
        self._happen(self.ActingStarted, by, at, provider_id=provider_id, session_id=session_id)

    def stop_acting(self, provider_id: str, session_id: str, by: Actor, at: datetime) -> None:
        self._happen(self.ActingStopped, by, at, provider_id=provider_id, session_id=session_id)


class PortalAccount(PasskeyHolder):
    """A client's (or a parent's, partner's, helper's) way into the portal: one-time email
    links, and passkeys if they add some. Never shares credentials with staff accounts."""

    def __init__(self, practice_id: str, person_id: str, email: str) -> None:
        super().__init__(practice_id)
        self.person_id = person_id
        self.email = email
        self.open_links: dict[str, datetime] = {}
        self.used_links: set[str] = set()
        self.closed = False

    class Opened(PracticeAggregate.Created):
        practice_id: str
        person_id: str
        email: str

    class EmailChanged(PracticeAggregate.Event):
        email: str

        def apply(self, account: PortalAccount) -> None:
            account.email = self.email
            account.open_links.clear()

    class SignInLinkIssued(PracticeAggregate.Event):
        link_id: str
        expires_at: datetime

        def apply(self, account: PortalAccount) -> None:
            account.open_links[self.link_id] = self.expires_at

    class SignInLinkUsed(PracticeAggregate.Event):
        link_id: str
        session_id: str

        def apply(self, account: PortalAccount) -> None:
            account.open_links.clear()  # one link used: the others are void too
            account.used_links.add(self.link_id)

    class Closed(PracticeAggregate.Event):
        person_id: str

        def apply(self, account: PortalAccount) -> None:
            account.closed = True
            account.open_links.clear()
            account.passkeys.clear()

    class Reopened(PracticeAggregate.Event):
        def apply(self, account: PortalAccount) -> None:
            account.closed = False

    @classmethod
    def open(
        cls, *, practice_id: str, person_id: str, email: str, by: Actor, at: datetime
    ) -> PortalAccount:
        return cls._start(
            cls.Opened,
            id=portal_account_id(practice_id, person_id),
            by=by,
            at=at,
            practice_id=practice_id,
            person_id=person_id,
            email=email,
        )

    def change_email(self, email: str, by: Actor, at: datetime) -> None:
        if email != self.email:
            self._happen(self.EmailChanged, by, at, email=email)

    def issue_sign_in_link(self, link_id: str, by: Actor, at: datetime) -> None:
        if self.closed:
            raise RuleViolation("Portal access is closed for this person.")
        self._happen(
            self.SignInLinkIssued, by, at, link_id=link_id, expires_at=at + PORTAL_LINK_LIFETIME
        )

    def use_sign_in_link(self, link_id: str, session_id: str, by: Actor, at: datetime) -> None:
        expires_at = self.open_links.get(link_id)
        if self.closed or expires_at is None or link_id in self.used_links:
            raise SignInRefused("This sign-in link has already been used or was replaced.")
        if at >= expires_at:
            raise SignInRefused("This sign-in link has expired; ask for a new one.")
        self._happen(self.SignInLinkUsed, by, at, link_id=link_id, session_id=session_id)

    def close(self, by: Actor, at: datetime) -> None:
        if not self.closed:
            self._happen(self.Closed, by, at, person_id=self.person_id)

    def reopen(self, by: Actor, at: datetime) -> None:
        if self.closed:
            self._happen(self.Reopened, by, at)

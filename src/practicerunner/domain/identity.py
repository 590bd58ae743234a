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
from typing import Any, ClassVar
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.values import name_must_be_present

RECOVERY_CODE_COUNT = 10
ACCOUNT_RESET_LIFETIME = timedelta(hours=24)
PORTAL_LINK_LIFETIME = timedelta(minutes=15)
MAX_PASSKEYS = 20


class SignInRefused(RuleViolation):
    """A credential, code or link that does not (or no longer) sign anyone in. The API
    answers 401 with one generic message, so a caller learns nothing about which part failed."""

    code = "sign-in-refused"
    status = 401
    title = "Sign-in refused"


def staff_account_id(staff_id: str) -> UUID:
    return natural_id("staff-account", staff_id)


def portal_account_id(practice_id: str, person_id: str) -> UUID:
    return natural_id("portal-account", practice_id, person_id)


class PasskeyHolder(PracticeAggregate):
    """What staff and portal accounts share: named WebAuthn credentials with sign counters."""

    snapshot_every = 50
    secret_fields: ClassVar[frozenset[str]] = frozenset({"public_key", "code_hashes", "passkeys"})

    def __init__(self, practice_id: str) -> None:
        self.practice_id = practice_id
        self.passkeys: dict[str, dict[str, Any]] = {}

    class PasskeyRegistered(PracticeAggregate.Event):
        credential_id: str
        name: str
        public_key: str
        sign_count: int
        user_verified: bool

        def apply(self, account: PasskeyHolder) -> None:
            account.passkeys[self.credential_id] = {
                "name": self.name,
                "public_key": self.public_key,
                "sign_count": self.sign_count,
                "added_at": self.timestamp,
                "last_used_at": None,
                "suspended": False,
            }

    class PasskeyRenamed(PracticeAggregate.Event):
        credential_id: str
        name: str

        def apply(self, account: PasskeyHolder) -> None:
            account.passkeys[self.credential_id]["name"] = self.name

    class PasskeyRemoved(PracticeAggregate.Event):
        credential_id: str

        def apply(self, account: PasskeyHolder) -> None:
            account.passkeys.pop(self.credential_id, None)

    class PasskeySuspended(PracticeAggregate.Event):
        """The authenticator reported a counter at or below the one we hold: a sign that the
        key was copied. The passkey signs nobody in until it is removed and registered again."""

        credential_id: str
        reported_count: int
        known_count: int

        def apply(self, account: PasskeyHolder) -> None:
            account.passkeys[self.credential_id]["suspended"] = True

    class SignedIn(PracticeAggregate.Event):
        method: str
        session_id: str
        credential_id: str | None
        sign_count: int | None
        address: str | None

        def apply(self, account: PasskeyHolder) -> None:
            if self.credential_id and self.credential_id in account.passkeys:
                passkey = account.passkeys[self.credential_id]
                passkey["last_used_at"] = self.timestamp
                if self.sign_count is not None:
                    passkey["sign_count"] = self.sign_count

    class Reauthenticated(PracticeAggregate.Event):
        session_id: str
        credential_id: str
        sign_count: int

        def apply(self, account: PasskeyHolder) -> None:
            passkey = account.passkeys.get(self.credential_id)
            if passkey is not None:
                passkey["sign_count"] = self.sign_count
                passkey["last_used_at"] = self.timestamp

    class SignedOut(PracticeAggregate.Event):
        session_id: str | None
        everywhere: bool

        def apply(self, account: PasskeyHolder) -> None:
            pass

    # -- passkeys -------------------------------------------------------------------------

    def register_passkey(
        self,
        *,
        credential_id: str,
        name: str,
        public_key: str,
        sign_count: int,
        user_verified: bool,
        by: Actor,
        at: datetime,
    ) -> None:
        if credential_id in self.passkeys:
            raise RuleViolation("This passkey is already registered.", reason="passkey-exists")
        if len(self.passkeys) >= MAX_PASSKEYS:
            raise RuleViolation(f"An account holds at most {MAX_PASSKEYS} passkeys.")
        self._happen(
            self.PasskeyRegistered,
            by,
            at,
            credential_id=credential_id,
            name=name_must_be_present(name, "passkey_name", 60),
            public_key=public_key,
            sign_count=sign_count,
            user_verified=user_verified,
        )

    def _passkey(self, credential_id: str) -> dict[str, Any]:
        passkey = self.passkeys.get(credential_id)
        if passkey is None:
            raise NotFound("No passkey with that id.")
        return passkey

    def rename_passkey(self, credential_id: str, name: str, by: Actor, at: datetime) -> None:
        self._passkey(credential_id)
        name = name_must_be_present(name, "passkey_name", 60)
        self._happen(self.PasskeyRenamed, by, at, credential_id=credential_id, name=name)

    def remove_passkey(self, credential_id: str, by: Actor, at: datetime) -> None:
        self._passkey(credential_id)
        self._happen(self.PasskeyRemoved, by, at, credential_id=credential_id)

    def passkey_for_sign_in(self, credential_id: str) -> dict[str, Any]:
        passkey = self.passkeys.get(credential_id)
        if passkey is None or passkey["suspended"]:
            raise SignInRefused("That passkey does not sign anyone in.")
        return passkey

    def suspend_cloned_passkey(
        self, credential_id: str, reported_count: int, by: Actor, at: datetime
    ) -> None:
        passkey = self._passkey(credential_id)
        if not passkey["suspended"]:
            self._happen(
                self.PasskeySuspended,
                by,
                at,
                credential_id=credential_id,
                reported_count=reported_count,
                known_count=passkey["sign_count"],
            )

    def record_sign_in(
        self,
        *,
        method: str,
        session_id: str,
        by: Actor,
        at: datetime,
        credential_id: str | None = None,
        sign_count: int | None = None,
        address: str | None = None,
    ) -> None:
        self._happen(
            self.SignedIn,
            by,
            at,
            method=method,
            session_id=session_id,
            credential_id=credential_id,
            sign_count=sign_count,
            address=address,
        )

    def record_reauthentication(
        self, session_id: str, credential_id: str, sign_count: int, by: Actor, at: datetime
    ) -> None:
        self._happen(
            self.Reauthenticated,
            by,
            at,
            session_id=session_id,
            credential_id=credential_id,
            sign_count=sign_count,
        )

    def record_sign_out(
        self, session_id: str | None, everywhere: bool, by: Actor, at: datetime
    ) -> None:
        self._happen(self.SignedOut, by, at, session_id=session_id, everywhere=everywhere)

    def passkey_list(self) -> list[dict[str, Any]]:
        """What a person may see of their passkeys: names and dates, never key material."""
        return [
            {
                "credential_id": cid,
                "name": p["name"],
                "added_at": p["added_at"],
                "last_used_at": p["last_used_at"],
                "suspended": p["suspended"],
            }
            for cid, p in self.passkeys.items()
        ]


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


class DelegationGrant(PracticeAggregate):
    """The owner authorises an admin to act as one provider (PRODUCT.md section 1). The owner
    needs no grant. Its id is ``natural_id("delegation", admin, provider)``: one per pair."""

    def __init__(self, practice_id: str, admin_id: str, provider_id: str) -> None:
        self.practice_id = practice_id
        self.admin_id = admin_id
        self.provider_id = provider_id
        self.active = True

    class Granted(PracticeAggregate.Created):
        practice_id: str
        admin_id: str
        provider_id: str

    class Revoked(PracticeAggregate.Event):
        def apply(self, grant: DelegationGrant) -> None:
            grant.active = False

    class Renewed(PracticeAggregate.Event):
        def apply(self, grant: DelegationGrant) -> None:
            grant.active = True

    @staticmethod
    def id_for(admin_id: str, provider_id: str) -> UUID:
        return natural_id("delegation", admin_id, provider_id)

    @classmethod
    def grant(
        cls, *, practice_id: str, admin_id: str, provider_id: str, by: Actor, at: datetime
    ) -> DelegationGrant:
        if admin_id == provider_id:
            raise RuleViolation("Nobody needs a grant to act as themselves.")
        return cls._start(
            cls.Granted,
            id=cls.id_for(admin_id, provider_id),
            by=by,
            at=at,
            practice_id=practice_id,
            admin_id=admin_id,
            provider_id=provider_id,
        )

    def renew(self, by: Actor, at: datetime) -> None:
        if not self.active:
            self._happen(self.Renewed, by, at)

    def revoke(self, by: Actor, at: datetime) -> None:
        if self.active:
            self._happen(self.Revoked, by, at)

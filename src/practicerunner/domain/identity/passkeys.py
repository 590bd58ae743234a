"""Passkeys and recovery codes: what staff and portal accounts share.

Named WebAuthn credentials with sign counters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.values import name_must_be_present

MAX_PASSKEYS = 20


class SignInRefused(RuleViolation):
    """A credential, code or link that does not (or no longer) sign anyone in. The API
    answers 401 with one generic message, so a caller learns nothing about which part failed."""

    code = "sign-in-refused"
    status = 401
    title = "Sign-in refused"


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

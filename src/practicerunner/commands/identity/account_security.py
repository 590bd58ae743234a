"""Ceremonies for a signed-in person's own account: adding a passkey, re-authenticating for a
sensitive action, and regenerating recovery codes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from practicerunner.adapters.sessions import Session
from practicerunner.adapters.webauthn import (
    CounterRegressed,
    PasskeyRejected,
    authentication_options,
    credential_id_of,
    registration_options,
    verify_authentication,
    verify_registration,
)
from practicerunner.commands.identity import accounts, passkeys
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.identity.accounts import StaffAccount
from practicerunner.domain.identity.passkeys import SignInRefused
from practicerunner.domain.identity.session_policy import (
    CHALLENGE_LIFETIME,
    throttle_keys,
)

if TYPE_CHECKING:
    pass

from practicerunner.commands.identity.ceremonies import Ceremonies


class AccountSecurity(Ceremonies):
    def add_passkey_options(self, session: Session) -> tuple[dict[str, Any], str]:
        account = self.account_of(session)
        options, challenge = registration_options(
            self.rp,
            user_handle=account.id.bytes,
            user_name=getattr(account, "email", None) or session.subject_id,
            display_name="PracticeRunner",
            existing=list(account.passkeys),
        )
        challenge_id = self.sessions.new_challenge(
            "add-passkey", challenge, session.session_id, self._now(), CHALLENGE_LIFETIME
        )
        return options, challenge_id

    def add_passkey(
        self, session: Session, actor: Actor, challenge_id: str, credential: dict, name: str
    ) -> Any:
        taken = self.sessions.take_challenge(challenge_id, "add-passkey", self._now())
        if taken is None or taken[1] != session.session_id:
            raise self._fail([], "unknown or used challenge")
        try:
            passkey = verify_registration(self.rp, credential, taken[0])
        except PasskeyRejected as e:
            raise self._fail([], f"registration did not verify ({e})") from None
        account = self.account_of(session)
        kind = (
            accounts.STAFF_PASSKEY_CLAIM
            if session.kind == "staff"
            else accounts.PORTAL_PASSKEY_CLAIM
        )
        return passkeys.add_passkey(
            self._ctx(actor, uuid.UUID(session.practice_id)),
            account,
            claim_kind=kind,
            credential_id=passkey.credential_id,
            public_key=passkey.public_key,
            sign_count=passkey.sign_count,
            user_verified=passkey.user_verified,
            name=name,
        )

    def reauthentication_options(self, session: Session) -> tuple[dict[str, Any], str]:
        account = self.account_of(session)
        live = [c for c, p in account.passkeys.items() if not p["suspended"]]
        if not live:
            raise RuleViolation("You have no passkey to confirm it is you; add one first.")
        options, challenge = authentication_options(self.rp, allow=live)
        challenge_id = self.sessions.new_challenge(
            "reauthenticate", challenge, session.session_id, self._now(), CHALLENGE_LIFETIME
        )
        return options, challenge_id

    def reauthenticate(
        self, session: Session, actor: Actor, challenge_id: str, credential: dict
    ) -> None:
        keys = throttle_keys(session.address)
        self._throttled(keys)
        taken = self.sessions.take_challenge(challenge_id, "reauthenticate", self._now())
        if taken is None or taken[1] != session.session_id:
            raise self._fail(list(keys.values()), "unknown or used challenge")
        account = self.account_of(session)
        credential_id = credential_id_of(credential)
        try:
            passkey = account.passkey_for_sign_in(credential_id)
            count = verify_authentication(
                self.rp, credential, taken[0], passkey["public_key"], passkey["sign_count"]
            )
        except (SignInRefused, PasskeyRejected, CounterRegressed):
            raise self._fail(list(keys.values()), "re-authentication failed") from None
        accounts.record_reauthentication(
            self._ctx(actor, uuid.UUID(session.practice_id)),
            account,
            session_id=session.session_id,
            credential_id=credential_id,
            sign_count=count,
        )
        self.sessions.mark_reauthenticated(session.session_id, self._now())

    def regenerate_recovery_codes(self, session: Session, actor: Actor) -> list[str]:
        account = self.account_of(session)
        assert isinstance(account, StaffAccount)
        codes, hashes = self._new_codes(account.id)
        accounts.regenerate_recovery_codes(
            self._ctx(actor, uuid.UUID(session.practice_id)), account, hashes
        )
        return codes

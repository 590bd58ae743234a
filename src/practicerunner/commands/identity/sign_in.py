"""The sign-in ceremonies: verify a passkey, a recovery code or a one-time link, record it
through the identity commands, and start a session.

Every failure a caller could learn from looks the same from outside (``SignInRefused``, one
message), is counted for throttling, and is logged without any secret or personal data (only
the kind of failure). Throttling (``domain/session_policy.py``) is checked before any work.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from practicerunner.adapters.sessions import Session, new_session_id
from practicerunner.adapters.webauthn import (
    CounterRegressed,
    PasskeyRejected,
    authentication_options,
    credential_id_of,
    verify_authentication,
)
from practicerunner.commands.base import claim_exists
from practicerunner.commands.identity import accounts, passkeys
from practicerunner.commands.practice.practice import SLUG_CLAIM, STAFF_EMAIL_CLAIM
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.accounts import PortalAccount, StaffAccount
from practicerunner.domain.identity.passkeys import PasskeyHolder, SignInRefused
from practicerunner.domain.identity.session_policy import (
    CHALLENGE_LIFETIME,
    PER_ACCOUNT_RECOVERY,
    throttle_keys,
)

if TYPE_CHECKING:
    pass

from practicerunner.commands.identity.account_security import AccountSecurity
from practicerunner.commands.identity.ceremonies import SignedIn, Where
from practicerunner.commands.identity.joining import JoiningCeremonies
from practicerunner.commands.identity.portal_sign_in import PortalSignIn

log = logging.getLogger(__name__)


class Authentication(JoiningCeremonies, AccountSecurity, PortalSignIn):
    """Sign-in for staff (realm ``staff``) and portal clients (realm ``portal``)."""

    def sign_in_options(self, realm: str, where: Where) -> tuple[dict[str, Any], str]:
        self._throttled(throttle_keys(where.address))
        options, challenge = authentication_options(self.rp)
        return options, self.sessions.new_challenge(
            f"sign-in:{realm}", challenge, None, self._now(), CHALLENGE_LIFETIME
        )

    def sign_in_with_passkey(
        self, realm: str, challenge_id: str, credential: dict[str, Any], where: Where
    ) -> SignedIn:
        address_keys = throttle_keys(where.address)
        self._throttled(address_keys)
        fail_keys = list(address_keys.values())
        taken = self.sessions.take_challenge(challenge_id, f"sign-in:{realm}", self._now())
        if taken is None:
            raise self._fail(fail_keys, "unknown, used or expired challenge")
        claim_kind = (
            accounts.STAFF_PASSKEY_CLAIM if realm == "staff" else accounts.PORTAL_PASSKEY_CLAIM
        )
        credential_id = credential_id_of(credential)
        ctx = self._ctx(Actor.service("sign-in"))
        account = accounts.account_of_passkey(ctx, claim_kind, credential_id)
        expected = StaffAccount if realm == "staff" else PortalAccount
        if not isinstance(account, expected):
            raise self._fail(fail_keys, "unknown passkey")
        try:
            passkey = account.passkey_for_sign_in(credential_id)
        except SignInRefused:
            raise self._fail(fail_keys, "suspended or removed passkey") from None
        subject = self._subject(account)
        try:
            count = verify_authentication(
                self.rp, credential, taken[0], passkey["public_key"], passkey["sign_count"]
            )
        except PasskeyRejected as e:
            raise self._fail(fail_keys, f"assertion did not verify ({e})") from None
        except CounterRegressed as e:
            me = self._ctx(Actor(subject), uuid.UUID(account.practice_id))
            passkeys.suspend_cloned_passkey(me, account, credential_id, e.reported)
            log.warning("passkey suspended: its sign counter went backwards (possible clone)")
            raise self._fail(fail_keys, "sign counter regressed") from None
        if isinstance(account, StaffAccount):
            self._staff_may_sign_in(account.staff_id)
        elif account.closed:
            raise self._fail(fail_keys, "closed portal account")
        else:
            self._portal_must_be_on(account.practice_id)
        sid = new_session_id()
        me = self._ctx(Actor(subject), uuid.UUID(account.practice_id))
        accounts.record_passkey_sign_in(
            me,
            account,
            credential_id=credential_id,
            sign_count=count,
            session_id=sid,
            address=where.address,
        )
        token, session = self._start_session(
            realm, account.practice_id, self._person(account), "passkey", where, sid
        )
        return SignedIn(token, session)

    @staticmethod
    def _subject(account: PasskeyHolder) -> str:
        """The actor id recorded on the account's events."""
        if isinstance(account, StaffAccount):
            return account.staff_id
        assert isinstance(account, PortalAccount)
        return f"person:{account.person_id}"

    @staticmethod
    def _person(account: PasskeyHolder) -> str:
        if isinstance(account, StaffAccount):
            return account.staff_id
        assert isinstance(account, PortalAccount)
        return account.person_id

    def sign_in_with_recovery_code(
        self, practice_slug: str, email: str, code: str, where: Where
    ) -> SignedIn:
        email = email.strip()
        account_key = f"{practice_slug.strip().lower()}/{email.lower()}"
        keys = throttle_keys(where.address, account_key)
        self._throttled(keys)
        fail_keys = list(keys.values())
        account = self._account_by_email(practice_slug, email)
        if account is None:
            raise self._fail(fail_keys, "no such account")
        sid = new_session_id()
        try:
            self._staff_may_sign_in(account.staff_id)
            accounts.sign_in_with_recovery_code(
                self._ctx(Actor(account.staff_id), uuid.UUID(account.practice_id)),
                account,
                code_hash=self.code_hash(account.id, code),
                session_id=sid,
                address=where.address,
            )
        except SignInRefused:
            raise self._fail(fail_keys, "recovery code not accepted") from None
        self.sessions.forget_failures([keys[PER_ACCOUNT_RECOVERY]])
        token, session = self._start_session(
            "staff", account.practice_id, account.staff_id, "recovery-code", where, sid
        )
        return SignedIn(token, session)

    def _account_by_email(self, practice_slug: str, email: str) -> StaffAccount | None:
        app = self.rt.stores.practice
        slug = claim_exists(app, SLUG_CLAIM, practice_slug.strip().lower())
        if slug is None or slug.owner_id is None:
            return None
        local, _, domain = email.rpartition("@")
        staff = claim_exists(app, STAFF_EMAIL_CLAIM, f"{slug.owner_id}/{local}@{domain.lower()}")
        if staff is None or staff.owner_id is None:
            return None
        return accounts.find_staff_account(self._ctx(Actor.service("sign-in")), staff.owner_id)

    def sign_out(self, session: Session, actor: Actor, everywhere: bool = False) -> int:
        now = self._now()
        if everywhere:
            ended = self.sessions.end_all(
                session.kind, session.subject_id, "signed-out-everywhere", now
            )
        else:
            ended = int(self.sessions.end(session.session_id, "signed-out", now))
        try:
            account = self.account_of(session)
        except NotFound:
            return ended
        accounts.record_sign_out(
            self._ctx(actor, uuid.UUID(session.practice_id)),
            account,
            None if everywhere else session.session_id,
            everywhere,
        )
        return ended

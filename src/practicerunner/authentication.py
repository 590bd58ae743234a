"""The sign-in ceremonies: verify a passkey, a recovery code or a one-time link, record it
through the identity commands, and start a session.

Every failure a caller could learn from looks the same from outside (``SignInRefused``, one
message), is counted for throttling, and is logged without any secret or personal data (only
the kind of failure). Throttling (``domain/session_policy.py``) is checked before any work.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from practicerunner.adapters.webauthn import (
    CounterRegressed,
    PasskeyRejected,
    RelyingParty,
    authentication_options,
    credential_id_of,
    registration_options,
    verify_authentication,
    verify_registration,
)
from practicerunner.commands import identity as cmd
from practicerunner.commands.base import CommandContext, claim_exists, load
from practicerunner.commands.practice import SLUG_CLAIM, STAFF_EMAIL_CLAIM
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import DomainError, NotFound, RuleViolation
from practicerunner.domain.identity import (
    RECOVERY_CODE_COUNT,
    PasskeyHolder,
    PortalAccount,
    SignInRefused,
    StaffAccount,
)
from practicerunner.domain.practice import Practice
from practicerunner.domain.session_policy import (
    CHALLENGE_LIFETIME,
    PER_ACCOUNT_RECOVERY,
    THROTTLE_WINDOW,
    Throttle,
    session_timeouts,
    throttle_keys,
)
from practicerunner.domain.staff import StaffMember
from practicerunner.processes.invitations import INVITATION_LINK
from practicerunner.processes.sign_in_links import ACCESS_RESET_LINK, PORTAL_SIGN_IN_LINK
from practicerunner.projections.identity import portal_accounts_by_email, staff_of_invitation
from practicerunner.sessions import Session, new_session_id
from practicerunner.signing import keyed_hash, verify_bound_link, verify_link

if TYPE_CHECKING:
    from practicerunner.bootstrap import Runtime

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


class Authentication:
    """Sign-in for staff (realm ``staff``) and portal clients (realm ``portal``)."""

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.rp = RelyingParty.from_settings(runtime.settings)
        self.sessions = runtime.sessions

    # -- helpers --------------------------------------------------------------------------

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
        staff = self.rt.stores.practice.repository.get(uuid.UUID(staff_id))
        if not isinstance(staff, StaffMember) or staff.status != "active":
            raise SignInRefused(REFUSED)
        return staff

    # -- staff: joining by invitation -----------------------------------------------------

    def _invited_staff(self, token: str) -> tuple[StaffMember, str]:
        invitation = verify_link(self._key(), INVITATION_LINK, token)
        staff_id = staff_of_invitation(self.rt.engine, str(invitation)) if invitation else None
        if invitation is None or staff_id is None:
            raise SignInRefused("This invitation link is not valid.")
        staff = self.rt.stores.practice.repository.get(uuid.UUID(staff_id))
        assert isinstance(staff, StaffMember)
        return staff, str(invitation)

    def _usable_invitation(self, staff: StaffMember, invitation_id: str) -> None:
        if staff.invitation_id != invitation_id or staff.status != "invited":
            raise SignInRefused("This invitation link has already been used or was replaced.")
        if staff.invitation_expires_at is None or self._now() >= staff.invitation_expires_at:
            raise SignInRefused("This invitation link has expired; ask for a new one.")

    def invitation_options(self, token: str) -> tuple[dict[str, Any], str, StaffMember]:
        staff, invitation_id = self._invited_staff(token)
        self._usable_invitation(staff, invitation_id)
        account_id = cmd.staff_account_id(str(staff.id))
        options, challenge = registration_options(
            self.rp,
            user_handle=account_id.bytes,
            user_name=staff.email,
            display_name=staff.display_name,
            existing=[],
        )
        challenge_id = self.sessions.new_challenge(
            "join", challenge, f"{staff.id}:{invitation_id}", self._now(), CHALLENGE_LIFETIME
        )
        return options, challenge_id, staff

    def join(
        self,
        token: str,
        challenge_id: str,
        credential: dict[str, Any],
        passkey_name: str,
        where: Where,
    ) -> SignedIn:
        staff, invitation_id = self._invited_staff(token)
        taken = self.sessions.take_challenge(challenge_id, "join", self._now())
        if taken is None or taken[1] != f"{staff.id}:{invitation_id}":
            raise self._fail([], "unknown or used challenge")
        self._usable_invitation(staff, invitation_id)
        try:
            passkey = verify_registration(self.rp, credential, taken[0])
        except PasskeyRejected as e:
            raise self._fail([], f"registration did not verify ({e})") from None
        account_id = cmd.staff_account_id(str(staff.id))
        codes, hashes = self._new_codes(account_id)
        sid = new_session_id()
        cmd.join_with_passkey(
            self._ctx(Actor(str(staff.id)), uuid.UUID(staff.practice_id)),
            staff=staff,
            invitation_id=invitation_id,
            credential_id=passkey.credential_id,
            public_key=passkey.public_key,
            sign_count=passkey.sign_count,
            user_verified=passkey.user_verified,
            passkey_name=passkey_name,
            code_hashes=hashes,
            session_id=sid,
            address=where.address,
        )
        token_, session = self._start_session(
            "staff", staff.practice_id, str(staff.id), "invitation", where, sid
        )
        self.rt.engine.wake()
        return SignedIn(token_, session, codes)

    # -- staff: the owner's reset ---------------------------------------------------------

    def _reset_account(self, token: str) -> tuple[StaffAccount, str]:
        verified = verify_bound_link(self._key(), ACCESS_RESET_LINK, token)
        if verified is None:
            raise SignInRefused("This link is not valid.")
        account = self.rt.stores.practice.repository.get(verified[0])
        if not isinstance(account, StaffAccount):
            raise SignInRefused("This link is not valid.")
        return account, str(verified[1])

    def reset_options(self, token: str) -> tuple[dict[str, Any], str]:
        account, reset_id = self._reset_account(token)
        if account.reset_id != reset_id or (
            account.reset_expires_at is None or self._now() >= account.reset_expires_at
        ):
            raise SignInRefused("This link has expired or was already used.")
        staff = self._staff_may_sign_in(account.staff_id)
        options, challenge = registration_options(
            self.rp,
            user_handle=account.id.bytes,
            user_name=staff.email,
            display_name=staff.display_name,
            existing=[],
        )
        challenge_id = self.sessions.new_challenge(
            "reset", challenge, f"{account.id}:{reset_id}", self._now(), CHALLENGE_LIFETIME
        )
        return options, challenge_id

    def complete_reset(
        self,
        token: str,
        challenge_id: str,
        credential: dict[str, Any],
        passkey_name: str,
        where: Where,
    ) -> SignedIn:
        account, reset_id = self._reset_account(token)
        taken = self.sessions.take_challenge(challenge_id, "reset", self._now())
        if taken is None or taken[1] != f"{account.id}:{reset_id}":
            raise self._fail([], "unknown or used challenge")
        self._staff_may_sign_in(account.staff_id)
        try:
            passkey = verify_registration(self.rp, credential, taken[0])
        except PasskeyRejected as e:
            raise self._fail([], f"registration did not verify ({e})") from None
        codes, hashes = self._new_codes(account.id)
        sid = new_session_id()
        cmd.re_enrol_with_passkey(
            self._ctx(Actor(account.staff_id), uuid.UUID(account.practice_id)),
            account=account,
            reset_id=reset_id,
            credential_id=passkey.credential_id,
            public_key=passkey.public_key,
            sign_count=passkey.sign_count,
            user_verified=passkey.user_verified,
            passkey_name=passkey_name,
            code_hashes=hashes,
            session_id=sid,
            address=where.address,
        )
        token_, session = self._start_session(
            "staff", account.practice_id, account.staff_id, "access-reset", where, sid
        )
        return SignedIn(token_, session, codes)

    # -- passkey sign-in (staff and portal) -----------------------------------------------

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
        claim_kind = cmd.STAFF_PASSKEY_CLAIM if realm == "staff" else cmd.PORTAL_PASSKEY_CLAIM
        credential_id = credential_id_of(credential)
        ctx = self._ctx(Actor.service("sign-in"))
        account = cmd.account_of_passkey(ctx, claim_kind, credential_id)
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
            cmd.suspend_cloned_passkey(me, account, credential_id, e.reported)
            log.warning("passkey suspended: its sign counter went backwards (possible clone)")
            raise self._fail(fail_keys, "sign counter regressed") from None
        if isinstance(account, StaffAccount):
            self._staff_may_sign_in(account.staff_id)
        elif account.closed:
            raise self._fail(fail_keys, "closed portal account")
        sid = new_session_id()
        me = self._ctx(Actor(subject), uuid.UUID(account.practice_id))
        cmd.record_passkey_sign_in(
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

    # -- staff: recovery codes ------------------------------------------------------------

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
            cmd.sign_in_with_recovery_code(
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
        return cmd.find_staff_account(self._ctx(Actor.service("sign-in")), staff.owner_id)

    # -- signed in: passkeys, codes, re-authentication, sign-out --------------------------

    def account_of(self, session: Session) -> PasskeyHolder:
        ctx = self._ctx(Actor.service("sign-in"))
        account: PasskeyHolder | None
        if session.kind == "staff":
            account = cmd.find_staff_account(ctx, session.subject_id)
        else:
            account = cmd.find_portal_account(ctx, session.practice_id, session.subject_id)
        if account is None:
            raise NotFound("No sign-in account.")
        return account

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
        kind = cmd.STAFF_PASSKEY_CLAIM if session.kind == "staff" else cmd.PORTAL_PASSKEY_CLAIM
        return cmd.add_passkey(
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
        cmd.record_reauthentication(
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
        cmd.regenerate_recovery_codes(
            self._ctx(actor, uuid.UUID(session.practice_id)), account, hashes
        )
        return codes

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
        cmd.record_sign_out(
            self._ctx(actor, uuid.UUID(session.practice_id)),
            account,
            None if everywhere else session.session_id,
            everywhere,
        )
        return ended

    # -- portal: one-time email links -----------------------------------------------------

    def request_portal_link(self, practice_slug: str, email: str, where: Where) -> None:
        """Sends a sign-in link to every open portal account with that email in the practice.
        Answers the same whether or not there is one, so it reveals nobody."""
        keys = throttle_keys(where.address, f"portal-link/{practice_slug}/{email.lower()}")
        self._throttled(keys)
        # Every request counts: this sends email, so it is limited even when it "succeeds".
        self.sessions.record_failure(list(keys.values()), self._now())
        app = self.rt.stores.practice
        slug = claim_exists(app, SLUG_CLAIM, practice_slug.strip().lower())
        if slug is None or slug.owner_id is None:
            return
        for person_id in portal_accounts_by_email(self.rt.engine, slug.owner_id, email.strip()):
            ctx = self._ctx(Actor.service("portal-sign-in"), uuid.UUID(slug.owner_id))
            account = cmd.find_portal_account(ctx, slug.owner_id, person_id)
            if account is not None and not account.closed:
                cmd.issue_portal_sign_in_link(ctx, account)
        self.rt.engine.wake()

    def portal_sign_in_with_link(self, token: str, where: Where) -> SignedIn:
        keys = throttle_keys(where.address)
        self._throttled(keys)
        verified = verify_bound_link(self._key(), PORTAL_SIGN_IN_LINK, token)
        account = (
            self.rt.stores.practice.repository.get(verified[0]) if verified is not None else None
        )
        if verified is None or not isinstance(account, PortalAccount):
            raise self._fail(list(keys.values()), "portal link not valid")
        sid = new_session_id()
        try:
            cmd.sign_in_with_portal_link(
                self._ctx(Actor(f"person:{account.person_id}"), uuid.UUID(account.practice_id)),
                account,
                link_id=str(verified[1]),
                session_id=sid,
                address=where.address,
            )
        except SignInRefused:
            raise self._fail(list(keys.values()), "portal link used or expired") from None
        token_, session = self._start_session(
            "portal", account.practice_id, account.person_id, "email-link", where, sid
        )
        return SignedIn(token_, session)

"""Joining from an invitation and completing an owner's access reset: both enrol a new
passkey from a one-time link."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from practicerunner.adapters.sessions import new_session_id
from practicerunner.adapters.signing import verify_bound_link, verify_link
from practicerunner.adapters.webauthn import (
    PasskeyRejected,
    registration_options,
    verify_registration,
)
from practicerunner.commands.identity import accounts
from practicerunner.domain.base import Actor
from practicerunner.domain.identity.accounts import StaffAccount
from practicerunner.domain.identity.passkeys import SignInRefused
from practicerunner.domain.identity.session_policy import (
    CHALLENGE_LIFETIME,
)
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.identity.invitations import INVITATION_LINK
from practicerunner.processes.identity.sign_in_links import ACCESS_RESET_LINK
from practicerunner.projections.identity.identity_index import (
    staff_of_invitation,
)

if TYPE_CHECKING:
    pass

from practicerunner.commands.identity.ceremonies import Ceremonies, SignedIn, Where


class JoiningCeremonies(Ceremonies):
    def _invited_staff(self, token: str) -> tuple[StaffMember, str]:
        invitation = verify_link(self._key(), INVITATION_LINK, token)
        staff_id = staff_of_invitation(self.rt.engine, str(invitation)) if invitation else None
        if invitation is None or staff_id is None:
            raise SignInRefused("This invitation link is not valid.")
        staff: object = self.rt.stores.practice.repository.get(uuid.UUID(staff_id))
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
        account_id = accounts.staff_account_id(str(staff.id))
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
        account_id = accounts.staff_account_id(str(staff.id))
        codes, hashes = self._new_codes(account_id)
        sid = new_session_id()
        accounts.join_with_passkey(
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

    def _reset_account(self, token: str) -> tuple[StaffAccount, str]:
        verified = verify_bound_link(self._key(), ACCESS_RESET_LINK, token)
        if verified is None:
            raise SignInRefused("This link is not valid.")
        account: object = self.rt.stores.practice.repository.get(verified[0])
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
        accounts.re_enrol_with_passkey(
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

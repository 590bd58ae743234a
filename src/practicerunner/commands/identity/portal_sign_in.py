"""Portal sign-in by emailed one-time link: the request never tells whether the email is known."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from practicerunner.adapters.sessions import new_session_id
from practicerunner.adapters.signing import verify_bound_link
from practicerunner.commands.base import claim_exists
from practicerunner.commands.identity import portal_accounts
from practicerunner.commands.practice.practice import SLUG_CLAIM
from practicerunner.domain.base import Actor
from practicerunner.domain.identity.accounts import PortalAccount
from practicerunner.domain.identity.passkeys import SignInRefused
from practicerunner.domain.identity.session_policy import (
    throttle_keys,
)
from practicerunner.processes.identity.sign_in_links import PORTAL_SIGN_IN_LINK
from practicerunner.projections.identity.identity_index import (
    portal_accounts_by_email,
)

if TYPE_CHECKING:
    pass

from practicerunner.commands.identity.ceremonies import Ceremonies, SignedIn, Where


class PortalSignIn(Ceremonies):
    def request_portal_link(self, practice_slug: str, email: str, where: Where) -> None:
        """Sends a sign-in link to every open portal account with that email in the practice.
        Answers the same whether or not there is one, so it reveals nobody."""
        keys = throttle_keys(where.address, f"portal-link/{practice_slug}/{email.lower()}")
        self._throttled(keys)
        app = self.rt.stores.practice
        slug = claim_exists(app, SLUG_CLAIM, practice_slug.strip().lower())
        if slug is not None and slug.owner_id is not None:
            # Refused before any address is looked at: the answer is the same for every one.
            self._portal_must_be_on(slug.owner_id)
        # Every request counts: this sends email, so it is limited even when it "succeeds".
        self.sessions.record_failure(list(keys.values()), self._now())
        if slug is None or slug.owner_id is None:
            return
        for person_id in portal_accounts_by_email(self.rt.engine, slug.owner_id, email.strip()):
            ctx = self._ctx(Actor.service("portal-sign-in"), uuid.UUID(slug.owner_id))
            account = portal_accounts.find_portal_account(ctx, slug.owner_id, person_id)
            if account is not None and not account.closed:
                portal_accounts.issue_portal_sign_in_link(ctx, account)
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
        # A valid link is not used up while the portal is off: it works again if switched on
        # within its 15 minutes.
        self._portal_must_be_on(account.practice_id)
        sid = new_session_id()
        try:
            portal_accounts.sign_in_with_portal_link(
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

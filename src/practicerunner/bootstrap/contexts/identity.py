"""The identity context: sign-in accounts (staff and portal), passkeys, delegation grants, API
access tokens; sessions and the access log live in adapters beside it."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.identity.access_tokens import AccessToken
from practicerunner.domain.identity.accounts import PortalAccount, StaffAccount
from practicerunner.domain.identity.delegation import DelegationGrant
from practicerunner.domain.identity.passkeys import PasskeyHolder
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.identity import invitations, sign_in_links
from practicerunner.processes.identity.session_revocation import SessionRevocation
from practicerunner.processes.jobs import JobKind
from practicerunner.projections.identity.access_tokens import AccessTokens
from practicerunner.projections.identity.identity_index import IdentityIndex

CONTEXT = ContextDeclaration(
    name="identity",
    # Accounts are opened in the same write as the staff member or claim they belong to.
    store="practice",
    aggregates=(StaffAccount, PortalAccount, DelegationGrant, AccessToken),
    projections=(AccessTokens, IdentityIndex, SessionRevocation),
    deciders=(
        (StaffMember.Invited, invitations.when_staff_invited_send_invitation),
        (StaffAccount.AccessReset, sign_in_links.when_access_reset_send_new_passkey_link),
        (PortalAccount.SignInLinkIssued, sign_in_links.when_portal_link_issued_send_it),
    ),
    job_kinds=(
        JobKind(invitations.SEND_STAFF_INVITATION, invitations.send_staff_invitation, "email"),
        JobKind(sign_in_links.SEND_ACCESS_RESET, sign_in_links.send_access_reset, "email"),
        JobKind(
            sign_in_links.SEND_PORTAL_SIGN_IN_LINK,
            sign_in_links.send_portal_sign_in_link,
            "email",
        ),
    ),
    routers=(
        "practicerunner.api.identity.sign_in",
        "practicerunner.api.identity.account",
        "practicerunner.api.identity.portal_sign_in",
        "practicerunner.api.identity.access_log",
    ),
    moved_from=(
        (
            "practicerunner.domain.identity",
            (PasskeyHolder, StaffAccount, PortalAccount, DelegationGrant),
        ),
        ("practicerunner.domain.catalog", (AccessToken,)),
    ),
)

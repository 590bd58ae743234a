"""The identity aggregates (staff and portal accounts, passkeys, recovery codes, delegation
grants, access tokens) through their real write-side functions: given events, when a
command, then events or a refusal with its stable code and nothing recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from practicerunner.adapters.signing import hash_token
from practicerunner.commands.identity import accounts
from practicerunner.commands.identity.delegation import (
    GrantDelegation,
    grant_delegation,
    revoke_delegation,
)
from practicerunner.commands.identity.portal_accounts import (
    ClosePortalAccount,
    OpenPortalAccount,
    close_portal_account,
    open_portal_account,
)
from practicerunner.commands.identity.tokens import (
    IssueAccessToken,
    RevokeAccessToken,
    issue_access_token,
    revoke_access_token,
)
from practicerunner.domain.base import Actor
from practicerunner.domain.identity.accounts import StaffAccount, staff_account_id
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from tests.support.given import Outcome, PracticeHistory, Story, a_practice

CODES = [f"code-{i}" for i in range(10)]


@pytest.fixture
def story() -> Iterator[Story]:
    s = Story()
    yield s
    s.close()


@pytest.fixture
def harbor(story: Story) -> PracticeHistory:
    return a_practice(story)


def invited(h: PracticeHistory, role: Role = Role.PROVIDER) -> tuple[StaffMember, str]:
    """Given: a staff member added and invited (not joined yet); returns the invitation id."""
    member = h.staff(role)
    member = h.story.load(StaffMember, member.id)
    invitation_id = str(uuid4())
    member.invite(invitation_id, h.as_owner, h.story.clock.now())
    h.story.given(member)
    return member, invitation_id


def join(
    story: Story, h: PracticeHistory, staff_id: Any, invitation_id: str, credential: str
) -> Outcome:
    def run(ctx: Any) -> Any:
        return accounts.join_with_passkey(
            ctx, staff=story.load(StaffMember, staff_id), invitation_id=invitation_id,
            credential_id=credential, public_key="pk", sign_count=0, user_verified=True,
            passkey_name="Laptop", code_hashes=[hash_token(c) for c in CODES],
            session_id="s-1", address="203.0.113.9",
        )  # fmt: skip

    return story.when_done(run, by=Actor(str(staff_id)), practice_id=h.practice_id)


def test_joining_uses_the_invitation_and_opens_an_account_with_a_passkey_and_codes(
    story: Story, harbor: PracticeHistory
) -> None:
    member, invitation = invited(harbor)
    outcome = join(story, harbor, member.id, invitation, "cred-1")
    assert outcome.names == [
        "StaffMember.InvitationAccepted", "StaffAccount.Opened", "StaffAccount.PasskeyRegistered",
        "StaffAccount.RecoveryCodesIssued", "StaffAccount.SignedIn", "NaturalKeyClaim.Claimed",
    ]  # fmt: skip
    assert outcome.only("StaffAccount.SignedIn").method == "invitation"
    assert {e.actor_id for e in outcome.events} == {str(member.id)}
    # Only hashes of the recovery codes are recorded.
    recorded = json.dumps([vars(e) for e in outcome.events], default=str)
    assert not any(code in recorded for code in CODES)
    # The link is one-time.
    again = join(story, harbor, member.id, invitation, "cred-2")
    assert again.refused("rule-violation").extra["reason"] == "invitation-used"


def test_an_expired_invitation_or_a_taken_passkey_joins_nobody(
    story: Story, harbor: PracticeHistory
) -> None:
    first, first_invitation = invited(harbor)
    second, second_invitation = invited(harbor)
    assert join(story, harbor, first.id, first_invitation, "shared-cred").refusal is None
    taken = join(story, harbor, second.id, second_invitation, "shared-cred")
    assert taken.refused("rule-violation").extra["reason"] == "passkey-exists"
    story.clock.advance(timedelta(days=8))
    expired = join(story, harbor, second.id, second_invitation, "fresh-cred")
    assert expired.refused("rule-violation").extra["reason"] == "invitation-expired"


def test_a_recovery_code_signs_in_once(story: Story, harbor: PracticeHistory) -> None:
    member, invitation = invited(harbor)
    join(story, harbor, member.id, invitation, "cred-1")
    account_id = staff_account_id(str(member.id))

    def use(code: str) -> Outcome:
        return story.when_done(
            lambda ctx: accounts.sign_in_with_recovery_code(
                ctx, story.load(StaffAccount, account_id), code_hash=hash_token(code),
                session_id="s-2", address=None,
            ),
            by=Actor(str(member.id)), practice_id=harbor.practice_id,
        )  # fmt: skip

    used = use(CODES[3])
    assert used.names == ["StaffAccount.RecoveryCodeUsed", "StaffAccount.SignedIn"]
    assert used.only("StaffAccount.RecoveryCodeUsed").index == 3
    assert used.only("StaffAccount.SignedIn").method == "recovery-code"
    use(CODES[3]).refused("sign-in-refused")
    use("not-a-code").refused("sign-in-refused")
    assert story.load(StaffAccount, account_id).recovery_codes_left == 9


def test_the_owner_resets_a_staff_members_access_but_not_their_own(
    story: Story, harbor: PracticeHistory
) -> None:
    member, invitation = invited(harbor)
    join(story, harbor, member.id, invitation, "cred-1")
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    reset = story.when(
        accounts.reset_staff_access, accounts.ResetStaffAccess(staff_id=member.id), **ctx
    )
    assert reset.names == ["StaffAccount.AccessReset", "NaturalKeyClaim.Released"]
    event = reset.only("StaffAccount.AccessReset")
    assert (event.removed_passkeys, event.expires_at) == (
        1,
        story.clock.now() + timedelta(hours=24),
    )
    # The owner's own account: given they joined too.
    owner_account = StaffAccount.open(
        practice_id=str(harbor.practice_id), staff_id=str(harbor.owner.id), by=harbor.as_owner,
        at=story.clock.now(),
    )  # fmt: skip
    story.given(owner_account)
    own = story.when(
        accounts.reset_staff_access, accounts.ResetStaffAccess(staff_id=harbor.owner.id), **ctx
    )
    own.refused("rule-violation")
    # Someone who never joined has nothing to reset.
    pending, _ = invited(harbor)
    story.when(
        accounts.reset_staff_access, accounts.ResetStaffAccess(staff_id=pending.id), **ctx
    ).refused("rule-violation")


def test_delegation_is_granted_to_admins_for_clinicians_of_the_same_practice(story: Story) -> None:
    harbor, other = a_practice(story, slug="harbor"), a_practice(story, slug="elsewhere")
    scheduler = harbor.staff(Role.SCHEDULER)
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    grant = GrantDelegation(admin_id=scheduler.id, provider_id=harbor.provider.id)
    granted = story.when(grant_delegation, grant, **ctx)
    assert granted.names == ["DelegationGrant.Granted"]
    assert granted.only("DelegationGrant.Granted").provider_id == str(harbor.provider.id)
    assert story.when(grant_delegation, grant, **ctx).names == []  # already granted: no event
    assert story.when(revoke_delegation, grant, **ctx).names == ["DelegationGrant.Revoked"]
    assert story.when(grant_delegation, grant, **ctx).names == ["DelegationGrant.Renewed"]
    to_a_provider = GrantDelegation(admin_id=harbor.provider.id, provider_id=harbor.owner.id)
    story.when(grant_delegation, to_a_provider, **ctx).refused("rule-violation")
    for_an_admin = GrantDelegation(admin_id=scheduler.id, provider_id=scheduler.id)
    story.when(grant_delegation, for_an_admin, **ctx).refused("rule-violation")
    foreign = GrantDelegation(admin_id=scheduler.id, provider_id=other.provider.id)
    story.when(grant_delegation, foreign, **ctx).refused("not-found")
    never = GrantDelegation(admin_id=scheduler.id, provider_id=harbor.owner.id)
    story.when(revoke_delegation, never, **ctx).refused("not-found")


def test_an_access_token_is_recorded_as_a_hash_and_only_its_practice_revokes_it(
    story: Story,
) -> None:
    harbor, other = a_practice(story, slug="harbor"), a_practice(story, slug="elsewhere")
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    issued = story.when(issue_access_token, IssueAccessToken(staff_id=harbor.provider.id), **ctx)
    token = issued.result.extra["token"]
    event = issued.only("AccessToken.Issued")
    assert event.token_hash == hash_token(token)
    assert token not in json.dumps(vars(event), default=str)
    foreign_staff = IssueAccessToken(staff_id=other.provider.id)
    story.when(issue_access_token, foreign_staff, **ctx).refused("not-found")
    revoke = RevokeAccessToken(token_id=issued.result.id)
    story.when(
        revoke_access_token, revoke, by=other.as_owner, practice_id=other.practice_id
    ).refused("not-found")
    assert story.when(revoke_access_token, revoke, **ctx).names == ["AccessToken.Revoked"]


def test_portal_access_opens_only_for_a_person_of_the_practice(story: Story) -> None:
    harbor, other = a_practice(story, slug="harbor"), a_practice(story, slug="elsewhere")
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    opened = story.when(
        open_portal_account,
        OpenPortalAccount(person_id=harbor.client.id, email="ada@x.example"),
        **ctx,
    )
    assert opened.names == ["PortalAccount.Opened"]
    assert opened.only("PortalAccount.Opened").person_id == str(harbor.client.id)
    foreign = OpenPortalAccount(person_id=other.client.id, email="ada@x.example")
    story.when(open_portal_account, foreign, **ctx).refused("not-found")
    closed = story.when(close_portal_account, ClosePortalAccount(person_id=harbor.client.id), **ctx)
    assert closed.names == ["PortalAccount.Closed"]
    story.when(close_portal_account, ClosePortalAccount(person_id=other.client.id), **ctx).refused(
        "not-found"
    )

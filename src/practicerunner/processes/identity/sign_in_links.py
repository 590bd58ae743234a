"""Emails with one-time sign-in links: a staff member's new-passkey link after the owner's
reset, and a portal client's sign-in link. Links are bound to their account and carry no
personal data; the emails name only the practice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.adapters.mailer import OutgoingEmail
from practicerunner.adapters.signing import sign_bound_link
from practicerunner.adapters.templating import render_email
from practicerunner.domain.identity.accounts import PortalAccount, StaffAccount
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.effects import EffectOutcome
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

ACCESS_RESET_LINK = "staff-access-reset"
PORTAL_SIGN_IN_LINK = "portal-sign-in"
SEND_ACCESS_RESET = "send_access_reset"
SEND_PORTAL_SIGN_IN_LINK = "send_portal_sign_in_link"


def when_access_reset_send_new_passkey_link(event: StaffAccount.AccessReset) -> Iterable[Job]:
    yield Job(
        actor=SEND_ACCESS_RESET,
        key=event.reset_id,
        payload={"account_id": str(event.originator_id), "reset_id": event.reset_id},
    )


def when_portal_link_issued_send_it(event: PortalAccount.SignInLinkIssued) -> Iterable[Job]:
    yield Job(
        actor=SEND_PORTAL_SIGN_IN_LINK,
        key=event.link_id,
        payload={"account_id": str(event.originator_id), "link_id": event.link_id},
    )


def access_reset_url(runtime: Services, account_id: UUID, reset_id: str) -> str:
    key = runtime.settings.resolved_secret_key()
    token = sign_bound_link(key, ACCESS_RESET_LINK, account_id, UUID(reset_id))
    return f"{runtime.settings.public_base_url.rstrip('/')}/reset/{token}"


def portal_sign_in_url(runtime: Services, account_id: UUID, link_id: str, slug: str) -> str:
    key = runtime.settings.resolved_secret_key()
    token = sign_bound_link(key, PORTAL_SIGN_IN_LINK, account_id, UUID(link_id))
    return f"{runtime.settings.public_base_url.rstrip('/')}/o/{slug}/enter/{token}"


def _send(runtime: Services, dedupe: str, to: str, template: str, hooks: Any, **ctx: Any) -> str:
    rendered = render_email(template, **ctx)
    email = OutgoingEmail(
        to=to, subject=rendered.subject, text=rendered.text, html=rendered.html, dedupe_key=dedupe
    )
    outcome = runtime.effects.once(
        f"email:{dedupe}",
        lambda: runtime.mailer().send(email),
        runtime.clock.now,
        after=hooks.get("after_effect"),
    )
    return "sent" if outcome == EffectOutcome.DONE else outcome.value


def send_access_reset(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    app = runtime.stores.practice
    account: StaffAccount = app.repository.get(UUID(job.payload["account_id"]))
    assert isinstance(account, StaffAccount)
    if account.reset_id != job.payload["reset_id"] or account.reset_expires_at is None:
        return "superseded"
    staff: StaffMember = app.repository.get(UUID(account.staff_id))
    practice: Practice = app.repository.get(UUID(account.practice_id))
    assert isinstance(staff, StaffMember) and isinstance(practice, Practice)
    return _send(
        runtime,
        f"access-reset.{job.payload['reset_id']}",
        staff.email,
        "staff_access_reset",
        hooks,
        practice_name=practice.name,
        reset_url=access_reset_url(runtime, account.id, job.payload["reset_id"]),
        expires_at=account.reset_expires_at,
        practice_timezone=practice.timezone,
    )


def send_portal_sign_in_link(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    app = runtime.stores.practice
    account: PortalAccount = app.repository.get(UUID(job.payload["account_id"]))
    assert isinstance(account, PortalAccount)
    expires_at = account.open_links.get(job.payload["link_id"])
    if expires_at is None or expires_at <= runtime.clock.now():
        return "superseded"
    practice: Practice = app.repository.get(UUID(account.practice_id))
    assert isinstance(practice, Practice)
    if not practice.portal_enabled:  # switched off since the link was asked for
        return "portal-off"
    return _send(
        runtime,
        f"portal-sign-in.{job.payload['link_id']}",
        account.email,
        "portal_sign_in",
        hooks,
        practice_name=practice.name,
        sign_in_url=portal_sign_in_url(runtime, account.id, job.payload["link_id"], practice.slug),
        expires_at=expires_at,
        practice_timezone=practice.timezone,
    )

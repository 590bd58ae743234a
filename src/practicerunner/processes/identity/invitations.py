"""When a staff member is invited, send the invitation email with its one-time link."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from practicerunner.adapters.mailer import OutgoingEmail
from practicerunner.adapters.signing import sign_link
from practicerunner.adapters.templating import render_email
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.effects import EffectOutcome
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

INVITATION_LINK = "staff-invitation"
SEND_STAFF_INVITATION = "send_staff_invitation"


def when_staff_invited_send_invitation(event: StaffMember.Invited) -> Iterable[Job]:
    yield Job(
        actor=SEND_STAFF_INVITATION,
        key=event.invitation_id,
        payload={"staff_id": str(event.originator_id), "invitation_id": event.invitation_id},
    )


def invitation_url(runtime: Services, invitation_id: str) -> str:
    token = sign_link(runtime.settings.resolved_secret_key(), INVITATION_LINK, UUID(invitation_id))
    return f"{runtime.settings.public_base_url.rstrip('/')}/join/{token}"


def send_staff_invitation(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    """Sends one invitation email per invitation, ever. A replaced or used invitation is not
    sent (the staff member has a newer link, or has joined)."""
    app = runtime.stores.practice
    staff: StaffMember = app.repository.get(UUID(job.payload["staff_id"]))
    assert isinstance(staff, StaffMember)
    if staff.invitation_id != job.payload["invitation_id"] or staff.status != "invited":
        return "superseded"
    practice: Practice = app.repository.get(UUID(staff.practice_id))
    assert isinstance(practice, Practice)
    inviter = _display_name(runtime, staff)
    rendered = render_email(
        "staff_invitation",
        practice_name=practice.name,
        inviter_name=inviter,
        role=staff.role.value.replace("_", " ").title(),
        invitation_url=invitation_url(runtime, job.payload["invitation_id"]),
        expires_at=staff.invitation_expires_at,
        practice_timezone=practice.timezone,
    )
    email = OutgoingEmail(
        to=staff.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=f"invitation.{job.payload['invitation_id']}",
    )
    outcome = runtime.effects.once(
        f"email:invitation:{job.payload['invitation_id']}",
        lambda: runtime.mailer().send(email),
        runtime.clock.now,
        after=hooks.get("after_effect"),
    )
    return "sent" if outcome == EffectOutcome.DONE else outcome.value


def _display_name(runtime: Services, staff: StaffMember) -> str:
    """The person who sent the invitation, by name; a service principal signs as the practice."""
    events = runtime.stores.practice.events.get(staff.id, desc=True, limit=50)
    for event in events:
        if isinstance(event, StaffMember.Invited):
            try:
                inviter: object = runtime.stores.practice.repository.get(UUID(event.invited_by))
            except (ValueError, AggregateNotFoundError):  # a service principal invited
                return "Your practice"
            if isinstance(inviter, StaffMember):
                return inviter.display_name
            break
    return "Your practice"

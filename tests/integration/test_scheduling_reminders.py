"""Reminders: exactly the configured ones, to whoever looks after the appointment, one recipient
per email and one email per address, nothing clinical in it, never for a cancelled or moved
appointment, never twice (duplicate deliveries, a worker dying mid-send)."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import pytest

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext
from practicerunner.commands.clients import cases
from practicerunner.commands.clients import people as clients
from practicerunner.commands.practice import practice as practice_commands
from practicerunner.commands.scheduling import booking as booking_cmd
from practicerunner.commands.scheduling import changes as changes_cmd
from practicerunner.domain.base import Actor
from practicerunner.processes.scheduling import reminders
from tests.support.scheduling import Practice, ready_practice
from tests.support.smtp_server import LocalSmtpServer


def _person(ctx: CommandContext, given: str, family: str, **extra: object) -> UUID:
    cmd = clients.RegisterPerson(
        given_name=given,
        family_name=family,
        emails=[clients.EmailAddress(address=f"{given.lower()}@example.com", primary=True)],
        **extra,  # type: ignore[arg-type]
    )
    return clients.register_person(cmd, ctx).id


def _book(ctx: CommandContext, p: Practice, case_id: UUID, start: object) -> UUID:
    cmd = booking_cmd.BookAppointment(
        case_id=case_id,
        provider_id=UUID(p.provider_id),
        service_id=UUID(p.therapy_service_id),
        location_id=UUID(p.video_id),
        start=start,  # type: ignore[arg-type]
    )
    return booking_cmd.book_appointment(cmd, ctx).id


def _recipients(smtp: LocalSmtpServer) -> list[str]:
    for m in smtp.messages:
        assert len(m.rcpt_tos) == 1 and "," not in m.message["To"]
    return sorted(m.rcpt_tos[0] for m in smtp.messages)


@pytest.fixture
def practice(runtime: Runtime, smtp: LocalSmtpServer) -> Practice:
    ready = ready_practice(runtime)
    smtp.clear()  # the providers' invitations
    return ready


def _ctx(runtime: Runtime, p: Practice) -> CommandContext:
    return runtime.context(Actor(p.tenant.owner_id), p.tenant.practice_id)


def _couple(ctx: CommandContext) -> UUID:
    a, b = _person(ctx, "Alex", "Rivera"), _person(ctx, "Sam", "Rivera")
    return cases.open_case(
        cases.OpenCase(kind="couple", title="partners", participant_ids=[a, b]), ctx
    ).id


def test_each_appointment_gets_exactly_the_configured_reminders(
    runtime: Runtime, practice: Practice, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    ctx = _ctx(runtime, practice)
    couple = _couple(ctx)
    start = clock.now() + timedelta(days=3)
    _book(ctx, practice, couple, start)
    cancelled = _book(ctx, practice, couple, start + timedelta(hours=3))
    moved = _book(ctx, practice, couple, start + timedelta(hours=6))
    runtime.run_until_idle()
    changes_cmd.cancel_appointment(
        changes_cmd.CancelAppointment(appointment_id=cancelled, by="practice"), ctx
    )
    changes_cmd.reschedule_appointment(
        changes_cmd.RescheduleAppointment(appointment_id=moved, start=start + timedelta(days=2)),
        ctx,
    )
    runtime.run_until_idle()
    assert smtp.messages == []

    clock.set(start - timedelta(hours=24))
    runtime.run_until_idle()
    assert _recipients(smtp) == ["alex@example.com", "sam@example.com"]
    message = smtp.messages[0].message
    body = message.get_body(("plain",)).get_content()
    assert "Harbor Therapy" in body and "America/New_York" in body
    assert "Rivera" not in body and "Jonah" not in body  # no names, no provider

    clock.set(start - timedelta(minutes=119))
    runtime.run_until_idle()
    assert len(smtp.messages) == 4  # and the 2 h reminders
    # Past every due time of the cancelled one and of the moved one's old start: nothing.
    clock.set(start + timedelta(hours=7))
    runtime.run_until_idle()
    assert len(smtp.messages) == 4
    clock.set(start + timedelta(days=2) - timedelta(minutes=90))
    runtime.run_until_idle()
    assert len(smtp.messages) == 8  # the moved one, at its new time: 24 h and 2 h
    outcomes = sorted(row.outcome or "" for row in _reminder_rows(runtime))
    assert outcomes.count("obsolete-not-upcoming") == 2
    assert outcomes.count("obsolete-moved") == 2


def _reminder_rows(runtime: Runtime) -> list:  # type: ignore[type-arg]
    outbox = runtime.outbox
    with outbox.db.read() as tx:
        table = outbox.engine.tables(tx, "outbox")["outbox"]
        ids = [r[0] for r in tx.fetchall(f"SELECT job_id FROM {table} WHERE actor = %s",
                                          (reminders.SEND_APPOINTMENT_REMINDER,))]  # fmt: skip
    return [outbox.get(i) for i in ids]


def test_minors_reminders_go_to_their_representative_and_opt_out_is_honoured(
    runtime: Runtime, practice: Practice, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    ctx = _ctx(runtime, practice)
    kid = _person(ctx, "Kim", "Lee", birth_date="2015-01-01")
    parent = _person(ctx, "Jo", "Lee")
    sibling = _person(ctx, "Max", "Lee")
    clients.add_helper(
        clients.HelperCommand(person_id=kid, helper_id=parent, role="representative"), ctx
    )
    clients.verify_representative(
        clients.VerifyRepresentative(person_id=kid, helper_id=parent), ctx
    )
    clients.opt_out_of_reminders(clients.PersonCommand(person_id=sibling), ctx)
    family = cases.open_case(
        cases.OpenCase(kind="family", participant_ids=[kid, parent, sibling]), ctx
    ).id
    _book(ctx, practice, family, clock.now() + timedelta(days=2))
    runtime.run_until_idle()
    clock.advance(timedelta(days=1, hours=23))
    runtime.run_until_idle()
    # 24 h and 2 h reminders for the parent only: once each, though they are both a
    # participant and the minor's representative.
    assert _recipients(smtp) == ["jo@example.com", "jo@example.com"]


def test_duplicate_delivery_and_a_worker_dying_mid_send_send_each_email_once(
    runtime: Runtime, practice: Practice, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    ctx = _ctx(runtime, practice)
    _book(ctx, practice, _couple(ctx), clock.now() + timedelta(hours=30))
    runtime.run_until_idle()
    (row,) = [r for r in _reminder_rows(runtime) if r.payload["offset_minutes"] == 1440]
    clock.advance(timedelta(hours=7))

    def die() -> None:
        raise RuntimeError("worker killed after handing the first email to SMTP")

    with pytest.raises(RuntimeError):
        reminders.send_appointment_reminder(runtime, row, after_effect=die)
    assert len(smtp.messages) == 1
    # The job is delivered again (twice, even): the first email is not sent again.
    assert reminders.send_appointment_reminder(runtime, row) == "sent:1"
    assert reminders.send_appointment_reminder(runtime, row) == "sent:0"
    runtime.jobs.perform(reminders.SEND_APPOINTMENT_REMINDER, row.job_id)
    runtime.jobs.perform(reminders.SEND_APPOINTMENT_REMINDER, row.job_id)
    assert _recipients(smtp) == ["alex@example.com", "sam@example.com"]


def _registered(ctx: CommandContext, given: str, family: str, email: str, **extra: object) -> UUID:
    cmd = clients.RegisterPerson(
        given_name=given,
        family_name=family,
        emails=[clients.EmailAddress(address=email, primary=True)],
        **extra,  # type: ignore[arg-type]
    )
    return clients.register_person(cmd, ctx).id


def _helper(ctx: CommandContext, minor: UUID, helper: UUID, role: str) -> None:
    clients.add_helper(clients.HelperCommand(person_id=minor, helper_id=helper, role=role), ctx)  # type: ignore[arg-type]


def _texts(message: object, skip: set[str]) -> str:
    """Everything a recipient's mail program shows or keeps: every header (but ``skip``),
    decoded, and the plain and HTML bodies, decoded."""
    items = message.items()  # type: ignore[attr-defined]
    parts = [f"{name}: {value}" for name, value in items if name not in skip]
    for kind in ("plain", "html"):
        body = message.get_body((kind,))  # type: ignore[attr-defined]
        if body is not None:
            # The markup's own words (font-family...) are not what anyone reads.
            parts.append(re.sub(r"<[^>]*>", " ", body.get_content()))
    return "\n".join(parts)


def test_a_minors_reminders_reach_verified_representatives_and_scheduling_helpers_once_per_address(
    runtime: Runtime, practice: Practice, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    ctx = _ctx(runtime, practice)
    kid = _registered(ctx, "Kim", "Okonkwo", "kim.okonkwo@example.com", birth_date="2014-06-30")
    verified = _registered(ctx, "Jo", "Okonkwo", "jo.okonkwo@example.com")
    unverified = _registered(ctx, "Pat", "Okonkwo", "pat.okonkwo@example.com")
    nanny = _registered(ctx, "Ria", "Bautista", "ria.bautista@example.com")
    # Another person whose address is the verified representative's, typed differently (the
    # practice lets people share an address).
    practice_commands.change_settings(
        practice_commands.ChangeSettings(group="contacts", values={"dedupe_by_email": False}), ctx
    )
    same_mailbox = _registered(ctx, "Joan", "Okonkwo", "JO.Okonkwo@Example.com")
    for helper, role in (
        (verified, "representative"),
        (unverified, "representative"),
        (nanny, "scheduling_helper"),
        (same_mailbox, "scheduling_helper"),
    ):
        _helper(ctx, kid, helper, role)  # fmt: skip
    clients.verify_representative(
        clients.VerifyRepresentative(person_id=kid, helper_id=verified), ctx
    )
    case = cases.open_case(cases.OpenCase(kind="individual", participant_ids=[kid]), ctx).id
    start = clock.now() + timedelta(days=3)
    _book(ctx, practice, case, start)
    runtime.run_until_idle()
    assert smtp.messages == []

    clock.set(start - timedelta(hours=23))
    runtime.run_until_idle()
    # Not the minor, not the unverified representative; the shared mailbox once.
    assert [a.lower() for a in _recipients(smtp)] == [
        "jo.okonkwo@example.com", "ria.bautista@example.com",
    ]  # fmt: skip
    (row,) = [r for r in _reminder_rows(runtime) if r.payload["offset_minutes"] == 1440]
    assert row.outcome == "sent:2"


def test_a_reminder_names_no_one_and_nothing_clinical(
    runtime: Runtime, practice: Practice, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    ctx = _ctx(runtime, practice)
    kid = _registered(ctx, "Kim", "Okonkwo", "kim.okonkwo@example.com", birth_date="2014-06-30")
    parent = _registered(ctx, "Jo", "Okonkwo", "jo.okonkwo@example.com")
    partner = _registered(ctx, "Dana", "Whitfield", "dana.whitfield@example.com")
    _helper(ctx, kid, parent, "representative")
    clients.verify_representative(
        clients.VerifyRepresentative(person_id=kid, helper_id=parent), ctx
    )
    family = cases.open_case(
        cases.OpenCase(kind="family", participant_ids=[kid, parent, partner]), ctx
    ).id
    start = clock.now() + timedelta(days=3)
    booking_cmd.book_appointment(
        booking_cmd.BookAppointment(
            case_id=family, provider_id=UUID(practice.provider_id),
            service_id=UUID(practice.therapy_service_id), location_id=UUID(practice.office_id),
            room_id=practice.room_ids[0], start=start,
        ),
        ctx,
    )  # fmt: skip
    clock.set(start - timedelta(hours=23))
    runtime.run_until_idle()
    assert _recipients(smtp) == ["dana.whitfield@example.com", "jo.okonkwo@example.com"]
    for delivered in smtp.messages:
        (own,) = delivered.rcpt_tos
        # Message-ID carries opaque ids only; everything else is read for names and care.
        assert re.fullmatch(
            r"<reminder\.[0-9a-f.]+@practicerunner>", delivered.message["Message-ID"]
        )
        seen = _texts(delivered.message, skip={"Message-ID"}).replace(own, "<recipient>")
        assert "Harbor Therapy" in seen  # it does say which practice and when
        assert "America/New_York" in seen
        for secret in (
            "kim",
            "okonkwo",
            "dana",
            "whitfield",  # the people
            "jonah",
            "clinician",  # the provider
            "psychotherapy",
            "90834",  # the service and its code
            "family",  # the kind of case
            "400 harbor",
            "bay room",
            "2014-06-30",  # where, and a date of birth
            "@example.com",  # anyone else's address
        ):
            assert secret not in seen.lower(), (secret, seen)

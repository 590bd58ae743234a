"""``Runtime.settle``: all work brought to idle by the runtime's one driver, so a test may
assert what did not happen without waiting a fixed time."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clients import cases
from practicerunner.commands.clients import people as clients
from practicerunner.commands.scheduling import booking
from practicerunner.domain.base import Actor
from tests.support.scheduling import ready_practice
from tests.support.smtp_server import LocalSmtpServer


def _book_in(rt: Runtime, hours: int) -> None:
    p = ready_practice(rt)
    ctx = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    person = clients.register_person(
        clients.RegisterPerson(
            given_name="Ada", family_name="Lee",
            emails=[clients.EmailAddress(address="ada@example.com", primary=True)],
        ),
        ctx,
    ).id  # fmt: skip
    case = cases.open_case(cases.OpenCase(kind="individual", participant_ids=[person]), ctx).id
    booking.book_appointment(
        booking.BookAppointment(
            case_id=case, provider_id=UUID(p.provider_id), service_id=UUID(p.therapy_service_id),
            location_id=UUID(p.video_id), start=rt.clock.now() + timedelta(hours=hours),
        ),
        ctx,
    )  # fmt: skip


def reminders(smtp: LocalSmtpServer) -> list[str]:
    return [m.rcpt_tos[0] for m in smtp.messages if "Reminder" in m.message["Subject"]]


def test_with_background_threads_settle_waits_for_them_to_finish_everything(
    runtime: Runtime, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    runtime.start_background()
    _book_in(runtime, hours=30)
    runtime.settle()
    assert reminders(smtp) == []  # nothing is due yet, and all work is done
    clock.advance(timedelta(hours=7))  # the 24 h reminder is due now
    runtime.settle()
    assert reminders(smtp) == ["ada@example.com"]  # sent before settle returned
    runtime.settle()
    assert reminders(smtp) == ["ada@example.com"]  # and once


def test_without_background_threads_settle_drives_the_work_itself(
    runtime: Runtime, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    _book_in(runtime, hours=30)
    clock.advance(timedelta(hours=7))
    runtime.settle()
    assert reminders(smtp) == ["ada@example.com"]

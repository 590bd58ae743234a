"""Appointment reminders, and moving recurring series' booked horizon forward.

Reminders are decided when an appointment is booked or moved: one job per configured offset,
due that long before the start, keyed by appointment, offset *and start*. A move therefore
creates new jobs; the old ones (and those of a cancelled appointment) find at run time that
the appointment is no longer upcoming at that start and send nothing. Each recipient's email
is an exactly-once effect keyed the same way, so a job delivered twice, or a worker that dies
mid-send, never sends one reminder twice. One email per recipient and one per address: each
adult participant; a minor's reminder goes to their verified representatives and scheduling
helpers. The email says when, and with which practice: nothing clinical, no provider, no
other participant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.adapters.eventstore import ContextApplication
from practicerunner.adapters.mailer import OutgoingEmail
from practicerunner.adapters.templating import render_email
from practicerunner.commands.scheduling.series import (
    SERIES_EXTEND_AHEAD,
    SeriesCommand,
    extend_series,
)
from practicerunner.domain.base import Actor
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.clients.relationships import HelperRole
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.scheduling.series import RecurringSeries
from practicerunner.processes.effects import EffectOutcome
from practicerunner.processes.outbox import Job, OutboxRow
from practicerunner.projections.scheduling.schedule import ts

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

SEND_APPOINTMENT_REMINDER = "send_appointment_reminder"
EXTEND_RECURRING_SERIES = "extend_recurring_series"
FORMAT_PHRASES = {
    "in_person": "In person",
    "video": "Video session (the practice sends the link)",
    "phone": "Phone session",
}


def _reminder_jobs(event: Any) -> Iterable[Job]:
    for offset in event.reminder_offsets:
        due = event.start - timedelta(minutes=offset)
        if due <= event.timestamp:
            continue  # booked too late for this reminder: it would arrive after its moment
        yield Job(
            actor=SEND_APPOINTMENT_REMINDER,
            key=f"{event.originator_id}:{offset}:{ts(event.start)}",
            payload={
                "appointment_id": str(event.originator_id),
                "offset_minutes": offset,
                "start": ts(event.start),
            },
            due_at=due,
            practice_id=getattr(event, "practice_id", None),
        )


def when_appointment_booked_schedule_reminders(event: Appointment.Booked) -> Iterable[Job]:
    return _reminder_jobs(event)


def when_appointment_rescheduled_schedule_reminders(
    event: Appointment.Rescheduled,
) -> Iterable[Job]:
    return _reminder_jobs(event)


def _person(app: ContextApplication, person_id: str) -> Person:
    person: Person = app.repository.get(UUID(person_id))
    assert isinstance(person, Person)
    return person


def _carers_of_minor(minor: Person) -> list[str]:
    """Who looks after a minor's appointments: the representatives staff have verified, and
    scheduling helpers. An unverified representative is not sent the minor's schedule."""
    verified = [
        h
        for h in minor.helpers_with(HelperRole.REPRESENTATIVE)
        if h in minor.verified_representatives
    ]
    return verified + minor.helpers_with(HelperRole.SCHEDULING_HELPER)


def reminder_recipients(app: ContextApplication, case: Case, on: date) -> list[Person]:
    """Whoever looks after the appointment on that day: each adult participant; for a minor,
    their verified representatives and scheduling helpers instead. People who opted out or
    have no email get none, and each email address gets one reminder (a parent who is also a
    participant, two people sharing one address)."""
    candidates: list[Person] = []
    for person_id in case.active_participants(on):
        person = _person(app, person_id)
        if person.is_minor(on):
            candidates.extend(_person(app, h) for h in _carers_of_minor(person))
        else:
            candidates.append(person)
    chosen: dict[str, Person] = {}
    for person in candidates:
        if person.primary_email and not person.reminders_opted_out:
            chosen.setdefault(address_key(person.primary_email), person)
    return list(chosen.values())


def address_key(address: str) -> str:
    """One mailbox, however it was typed."""
    return address.strip().lower()


def send_appointment_reminder(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    app = runtime.stores.scheduling
    appointment: Appointment = app.repository.get(UUID(job.payload["appointment_id"]))
    assert isinstance(appointment, Appointment)
    start = datetime.fromisoformat(job.payload["start"])
    if not appointment.status.is_upcoming:
        return "obsolete-not-upcoming"
    if appointment.start != start:
        return "obsolete-moved"
    if runtime.clock.now() >= appointment.start:
        return "too-late"
    practice: Practice = runtime.stores.practice.repository.get(UUID(appointment.practice_id))
    assert isinstance(practice, Practice)
    if not practice.settings["reminders"].get("email_enabled", True):
        return "reminders-off"
    case: Case = app.repository.get(UUID(appointment.case_id))
    assert isinstance(case, Case)
    local_day = appointment.start.astimezone(ZoneInfo(practice.timezone)).date()
    rendered = render_email(
        "appointment_reminder",
        practice_name=practice.name,
        start=appointment.start,
        practice_timezone=practice.timezone,
        format_phrase=FORMAT_PHRASES.get(appointment.session_format, ""),
    )
    offset = job.payload["offset_minutes"]
    stamp = int(start.timestamp())
    outcomes = []
    for person in reminder_recipients(app, case, local_day):
        assert person.primary_email is not None
        email = OutgoingEmail(
            to=person.primary_email,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            dedupe_key=f"reminder.{appointment.id.hex}.{offset}.{stamp}.{person.id.hex}",
        )
        # Keyed by address: one mailbox never gets one reminder twice, whoever it belongs to.
        mailbox = address_key(person.primary_email)

        def send(email: OutgoingEmail = email) -> object:
            return runtime.mailer().send(email)

        outcomes.append(
            runtime.effects.once(
                f"email:reminder:{appointment.id}:{offset}:{stamp}:{mailbox}",
                send,
                runtime.clock.now,
                after=hooks.get("after_effect"),
            )
        )
    if EffectOutcome.UNCERTAIN in outcomes:
        return "uncertain"
    return f"sent:{sum(1 for o in outcomes if o == EffectOutcome.DONE)}"


def when_series_booked_plan_next_stretch(event: RecurringSeries.OccurrencesBooked) -> Iterable[Job]:
    yield Job(
        actor=EXTEND_RECURRING_SERIES,
        key=f"{event.originator_id}:{ts(event.until)}",
        payload={"series_id": str(event.originator_id)},
        due_at=event.until - SERIES_EXTEND_AHEAD,
    )


def extend_recurring_series(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    series: RecurringSeries = runtime.stores.scheduling.repository.get(
        UUID(job.payload["series_id"])
    )
    assert isinstance(series, RecurringSeries)
    ctx = runtime.context(Actor.service("series-horizon"), UUID(series.practice_id))
    before = series.version
    result = extend_series(SeriesCommand(series_id=series.id), ctx)
    return "extended" if result.version != before else "nothing-to-book"

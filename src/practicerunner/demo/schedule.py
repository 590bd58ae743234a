"""Demo clients, cases of every kind and a schedule: weekly series that cross the next
daylight-saving change, a supervised group, consultation cases with a sponsor, and
cancellations inside and outside the planned absence allowance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext
from practicerunner.commands.clients import cases
from practicerunner.commands.clients import people as clients
from practicerunner.commands.scheduling import booking as booking_cmd
from practicerunner.commands.scheduling import changes as changes_cmd
from practicerunner.commands.scheduling import series as series_cmd
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.lifecycle import PersonKind
from practicerunner.domain.clients.relationships import HelperRole, RelationshipKind
from practicerunner.projections.practice.queries import ReadModels


def next_dst_change(timezone: str, after: date) -> date:
    """The first day after ``after`` whose UTC offset differs from the day before."""
    zone = ZoneInfo(timezone)
    day = after
    for _ in range(400):
        noon = datetime.combine(day, time(12), zone)
        if noon.utcoffset() != (noon + timedelta(days=1)).utcoffset():
            return day + timedelta(days=1)
        day += timedelta(days=1)
    return after  # a zone without DST


def _ids(rt: Runtime, practice_id: UUID) -> dict[str, Any]:
    rm = ReadModels(rt.engine)
    pid = str(practice_id)
    staff = {s["given_name"]: s["staff_id"] for s in rm.staff(pid, limit=200).items}
    locations = {loc["name"]: loc for loc in rm.locations(pid, limit=200).items}
    services = {s["name"]: s["service_id"] for s in rm.services(pid, limit=200).items}
    return {"staff": staff, "locations": locations, "services": services}


def _person(ctx: CommandContext, given: str, family: str, **extra: Any) -> UUID:
    email = f"{given}.{family}@example.com".lower().replace(" ", "")
    cmd = clients.RegisterPerson(
        given_name=given,
        family_name=family,
        status=extra.pop("status", "active"),
        emails=[clients.EmailAddress(address=email, primary=True)],
        **extra,
    )
    return clients.register_person(cmd, ctx).id


def _local(timezone: str, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(timezone))


def load_schedule_demo(rt: Runtime, ctx: CommandContext, timezone: str) -> None:
    rt.run_until_idle()
    assert ctx.practice_id is not None
    ids = _ids(rt, ctx.practice_id)
    staff, locations, services = ids["staff"], ids["locations"], ids["services"]
    office = locations["Harbor Street office"]
    rooms = {r["name"]: r["room_id"] for r in office["rooms"]}
    video = locations["Video sessions"]["location_id"]
    today = ctx.now().astimezone(ZoneInfo(timezone)).date()
    change = next_dst_change(timezone, today + timedelta(days=7))
    # The schedule starts tomorrow, so a new practice's calendar is full from its first week;
    # the couple's weekly series runs on past the next clock change, so it shows on the
    # calendar (and in feeds) that 10:00 stays 10:00 when the offset moves.
    first = today + timedelta(days=1)
    couple_weeks = max(12, (change - first).days // 7 + 3)

    def series(case_id: UUID, provider: str, service: str, location: str, start: datetime,
               rule: str, **extra: Any) -> list[str]:  # fmt: skip
        result = series_cmd.book_series(
            series_cmd.BookSeries(
                case_id=case_id, provider_id=UUID(staff[provider]),
                service_id=UUID(services[service]), location_id=UUID(location), start=start,
                rule=rule, **extra,
            ),
            ctx,
        )  # fmt: skip
        appointment_ids: list[str] = result.extra["appointment_ids"]
        return appointment_ids

    # A couple, weekly at 10:00 across the DST change, in the Bay Room.
    alex, sam = _person(ctx, "Alex", "Rivera"), _person(ctx, "Sam", "Rivera")
    clients.add_relationship(
        clients.AddRelationship(
            person_id=alex, other_person_id=sam, relationship=RelationshipKind.PARTNER
        ),
        ctx,
    )
    couple = cases.open_case(
        cases.OpenCase(kind=CaseKind.COUPLE, title="partners", participant_ids=[alex, sam],
                       provider_ids=[UUID(staff["Jonah"])]),
        ctx,
    ).id  # fmt: skip
    couple_sessions = series(
        couple, "Jonah", "Couples or family therapy", office["location_id"],
        _local(timezone, first, 10), f"FREQ=WEEKLY;COUNT={couple_weeks}",
        room_id=rooms["Bay Room"],
    )  # fmt: skip
    cases.set_planned_absence_allowance(
        cases.SetPlannedAbsenceAllowance(case_id=couple, allowance=1), ctx
    )
    # Inside the allowance (a planned absence), then past it (cancelled by client).
    cancellations: list[tuple[str, Literal["client", "practice"]]] = [
        (couple_sessions[5], "client"), (couple_sessions[7], "client"),
        (couple_sessions[9], "practice"),
    ]  # fmt: skip
    for appointment_id, by in cancellations:
        changes_cmd.cancel_appointment(
            changes_cmd.CancelAppointment(
                appointment_id=UUID(appointment_id), by=by, reason="demo cancellation"
            ),
            ctx,
        )

    # An individual client with a diagnosis, weekly by video with the owner.
    maria = _person(ctx, "Maria", "Santos", birth_date="1988-07-14")
    individual = cases.open_case(
        cases.OpenCase(kind=CaseKind.INDIVIDUAL, participant_ids=[maria],
                       provider_ids=[UUID(staff["Maya"])]),
        ctx,
    ).id  # fmt: skip
    cases.record_diagnosis(
        cases.RecordDiagnosis(case_id=individual, person_id=maria, code="F41.1",
                              diagnosed_on=today.isoformat()),
        ctx,
    )  # fmt: skip
    series(individual, "Maya", "Psychotherapy, 45 minutes", video, _local(timezone, first, 15),
           "FREQ=WEEKLY;COUNT=16")  # fmt: skip

    # A family whose grandmother pays; the teenager's parent is a verified representative.
    kim = _person(ctx, "Kim", "Lee", birth_date=str(today.year - 14) + "-05-01")
    jo, ruth = _person(ctx, "Jo", "Lee"), _person(ctx, "Ruth", "Lee", status="contact",
                                                   contact_type="contact")  # fmt: skip
    clients.add_relationship(
        clients.AddRelationship(
            person_id=jo, other_person_id=kim, relationship=RelationshipKind.PARENT
        ),
        ctx,
    )
    clients.add_helper(
        clients.HelperCommand(person_id=kim, helper_id=jo, role=HelperRole.REPRESENTATIVE), ctx
    )
    clients.verify_representative(clients.VerifyRepresentative(person_id=kim, helper_id=jo), ctx)
    family = cases.open_case(
        cases.OpenCase(kind=CaseKind.FAMILY, participant_ids=[kim, jo], billing_contact_id=ruth,
                       provider_ids=[UUID(staff["Li"])]),
        ctx,
    ).id  # fmt: skip
    series(family, "Li", "Couples or family therapy", office["location_id"],
           _local(timezone, first + timedelta(days=1), 16), "FREQ=WEEKLY;INTERVAL=2;COUNT=8",
           room_id=rooms["Lighthouse Room"])  # fmt: skip

    # A therapy group run by the associate, supervised by the owner.
    members = [_person(ctx, g, f) for g, f in
               (("Noah", "Kim"), ("Ivy", "Park"), ("Omar", "Diaz"), ("Lena", "Fox"))]  # fmt: skip
    group = cases.open_case(
        cases.OpenCase(kind=CaseKind.THERAPY_GROUP, title="Anxiety skills group",
                       participant_ids=members, provider_ids=[UUID(staff["Ava"])]),
        ctx,
    ).id  # fmt: skip
    series(group, "Ava", "Group psychotherapy", office["location_id"],
           _local(timezone, first + timedelta(days=2), 18), "FREQ=WEEKLY;COUNT=10",
           room_id=rooms["Group Room"], supervisor_id=UUID(staff["Maya"]))  # fmt: skip

    # Consultation: one clinician, and a group sponsored by an organisation.
    consultee = _person(ctx, "Priya", "Shah", contact_type="consultation_client")
    consult = cases.open_case(
        cases.OpenCase(kind=CaseKind.INDIVIDUAL_CONSULTATION, participant_ids=[consultee],
                       provider_ids=[UUID(staff["Jonah"])]),
        ctx,
    ).id  # fmt: skip
    series(consult, "Jonah", "Clinical consultation", video, _local(timezone, first, 13),
           "FREQ=MONTHLY;BYDAY=1TU;COUNT=6")  # fmt: skip
    sponsor = clients.register_person(
        clients.RegisterPerson(
            kind=PersonKind.ORGANISATION, organisation_name="Coastal Counseling Network"
        ),
        ctx,
    ).id
    peers = [_person(ctx, g, f, contact_type="consultation_client") for g, f in
             (("Dev", "Rao"), ("Ana", "Cruz"), ("Tom", "Hale"))]  # fmt: skip
    consult_group = cases.open_case(
        cases.OpenCase(kind=CaseKind.CONSULTATION_GROUP, title="Peer consultation",
                       participant_ids=peers, billing_contact_id=sponsor,
                       provider_ids=[UUID(staff["Li"])]),
        ctx,
    ).id  # fmt: skip
    series(consult_group, "Li", "Consultation group", video,
           _local(timezone, first + timedelta(days=3), 12),
           "FREQ=WEEKLY;INTERVAL=2;COUNT=6")  # fmt: skip

    # A one-off workshop.
    attendees = [_person(ctx, g, "Workshop", contact_type="contact", status="contact")
                 for g in ("Bea", "Cal", "Dee", "Eli", "Fay")]  # fmt: skip
    workshop = cases.open_case(
        cases.OpenCase(kind=CaseKind.WORKSHOP_GROUP, title="Sleep and stress workshop",
                       participant_ids=attendees, provider_ids=[UUID(staff["Maya"])]),
        ctx,
    ).id  # fmt: skip
    booking_cmd.book_appointment(
        booking_cmd.BookAppointment(
            case_id=workshop, provider_id=UUID(staff["Maya"]),
            service_id=UUID(services["Group psychotherapy"]),
            location_id=UUID(office["location_id"]), room_id=rooms["Group Room"],
            start=_local(timezone, first + timedelta(days=4), 10),
        ),
        ctx,
    )  # fmt: skip

"""Commands on cases: opening one of any kind, participants joining and leaving, billing
contacts, assigned providers, diagnoses (psychotherapy cases only), the planned absence
allowance, closing and reopening."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.clients.active_clients import after_case_change, people_of
from practicerunner.commands.inputs import Count, Line
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import CASE, PERSON, STAFF
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.lifecycle import ContactType, LifecycleStatus, PersonKind
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember


def practice_today(practice: Practice, ctx: CommandContext) -> date:
    return ctx.now().astimezone(ZoneInfo(practice.timezone)).date()


def case_for_write(
    ctx: CommandContext, case_id: uuid.UUID | str, expected: int | None = None
) -> tuple[Practice, Case]:
    practice = practice_for_write(ctx)
    case = load(ctx.stores.scheduling, Case, case_id, ctx.practice_id)
    expect_version(case, expected)
    return practice, case


def clinician_of_practice(ctx: CommandContext, staff_id: uuid.UUID | str, what: str) -> StaffMember:
    """A provider is an active clinician of the caller's practice; admins never are."""
    staff = load(ctx.stores.practice, StaffMember, staff_id, ctx.practice_id)
    if not staff.is_clinician or staff.status == "deactivated":
        raise RuleViolation(
            f"The {what} must be an active clinician of this practice (admins never are).",
            reason="not-a-clinician",
        )
    return staff


def case_supervisor(ctx: CommandContext, practice: Practice, supervisor_id: uuid.UUID) -> str:
    """A case-level supervisor: the Group plan only; a licensed provider or the owner."""
    practice.must_allow_case_supervisors()
    supervisor = clinician_of_practice(ctx, supervisor_id, "case supervisor")
    if supervisor.role == Role.ASSOCIATE:
        raise RuleViolation("A case supervisor is a licensed provider or the owner.")
    return str(supervisor.id)


def _participant_must_be_individual(person: Person) -> None:
    if person.kind == PersonKind.ORGANISATION:
        raise RuleViolation(
            "An organisation cannot take part in a case; make it the billing contact."
        )


def _contact_type_for(kind: CaseKind, person: Person) -> ContactType | None:
    """Workshop members are group participants; a bare contact joining a case becomes a
    client of the matching type."""
    if kind == CaseKind.WORKSHOP_GROUP and person.contact_type == ContactType.CONTACT:
        return ContactType.GROUP_PARTICIPANT
    if person.contact_type == ContactType.CONTACT:
        return (
            ContactType.THERAPY_CLIENT if kind.is_psychotherapy else ContactType.CONSULTATION_CLIENT
        )
    return None


class OpenCase(Command):
    kind: CaseKind
    title: Line | None = Field(default=None, max_length=100)
    participant_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    provider_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10)
    billing_contact_id: uuid.UUID | None = None
    supervisor_id: uuid.UUID | None = Field(
        default=None, description="a case-level supervisor (Group plan)"
    )
    opened_on: date | None = None


@command(
    refs={
        "participant_ids": PERSON,
        "provider_ids": STAFF,
        "billing_contact_id": PERSON,
        "supervisor_id": STAFF,
    },
    access=case_team,
)
def open_case(cmd: OpenCase, ctx: CommandContext) -> CommandResult:
    """Opens a case of any kind with its first participants and providers, in one write."""
    cmd.kind.participants_must_fit(len(set(cmd.participant_ids)))
    practice = practice_for_write(ctx)
    today = practice_today(practice, ctx)
    case = Case.open(
        id=uuid.uuid4(),
        practice_id=str(practice.id),
        kind=cmd.kind,
        title=cmd.title,
        opened_on=cmd.opened_on or today,
        by=ctx.actor,
        at=ctx.now(),
    )
    people = []
    for person_id in dict.fromkeys(cmd.participant_ids):
        person = load(ctx.stores.scheduling, Person, person_id, ctx.practice_id)
        _participant_must_be_individual(person)
        case.add_participant(str(person.id), cmd.opened_on or today, ctx.actor, ctx.now())
        new_type = _contact_type_for(case.kind, person)
        if new_type is not None:
            person.change_contact_type(new_type, ctx.actor, ctx.now())
        people.append(person)
    for provider_id in dict.fromkeys(cmd.provider_ids):
        clinician_of_practice(ctx, provider_id, "provider")
        case.assign_provider(str(provider_id), ctx.actor, ctx.now())
    if cmd.billing_contact_id:
        load(ctx.stores.scheduling, Person, cmd.billing_contact_id, ctx.practice_id)
        case.set_billing_contact(str(cmd.billing_contact_id), None, ctx.actor, ctx.now())
    if cmd.supervisor_id:
        case.assign_supervisor(
            case_supervisor(ctx, practice, cmd.supervisor_id), ctx.actor, ctx.now()
        )
    roster = after_case_change(ctx, practice, case, people)
    return save(ctx.stores.scheduling, case, *people, roster, result_of=case)


class CaseCommand(Command):
    case_id: uuid.UUID


class RetitleCase(CaseCommand):
    title: Line | None = Field(max_length=100)


@command(refs={"case_id": CASE}, access=case_team)
def retitle_case(
    cmd: RetitleCase, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.retitle(cmd.title, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)


class AddParticipant(CaseCommand):
    person_id: uuid.UUID
    joined_on: date | None = None


@command(refs={"case_id": CASE, "person_id": PERSON}, access=case_team)
def add_participant(
    cmd: AddParticipant, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    person = load(ctx.stores.scheduling, Person, cmd.person_id, ctx.practice_id)
    _participant_must_be_individual(person)
    case.add_participant(
        str(person.id), cmd.joined_on or practice_today(practice, ctx), ctx.actor, ctx.now()
    )
    new_type = _contact_type_for(case.kind, person)
    if new_type is not None:
        person.change_contact_type(new_type, ctx.actor, ctx.now())
    roster = after_case_change(ctx, practice, case, [person])
    return save(ctx.stores.scheduling, case, person, roster, result_of=case)


class RemoveParticipant(CaseCommand):
    person_id: uuid.UUID
    left_on: date | None = None


@command(refs={"case_id": CASE, "person_id": PERSON}, access=case_team)
def remove_participant(
    cmd: RemoveParticipant, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.remove_participant(
        str(cmd.person_id), cmd.left_on or practice_today(practice, ctx), ctx.actor, ctx.now()
    )
    person = load(ctx.stores.scheduling, Person, cmd.person_id, ctx.practice_id)
    roster = after_case_change(ctx, practice, case, [person])
    return save(ctx.stores.scheduling, case, roster, result_of=case)


class SetBillingContact(CaseCommand):
    billing_contact_id: uuid.UUID | None
    for_participant_id: uuid.UUID | None = None


@command(
    refs={"case_id": CASE, "billing_contact_id": PERSON, "for_participant_id": PERSON},
    access=case_team,
)
def set_billing_contact(
    cmd: SetBillingContact, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Who pays: for the whole case, or (in groups) for one participant. The billing contact
    may be outside the case (a parent, a sponsor) and may be an organisation."""
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    if cmd.billing_contact_id is not None:
        load(ctx.stores.scheduling, Person, cmd.billing_contact_id, ctx.practice_id)
    case.set_billing_contact(
        str(cmd.billing_contact_id) if cmd.billing_contact_id else None,
        str(cmd.for_participant_id) if cmd.for_participant_id else None,
        ctx.actor,
        ctx.now(),
    )
    return save(ctx.stores.scheduling, case, result_of=case)


class ProviderCommand(CaseCommand):
    provider_id: uuid.UUID


@command(refs={"case_id": CASE, "provider_id": STAFF}, access=case_team)
def assign_provider(
    cmd: ProviderCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    clinician_of_practice(ctx, cmd.provider_id, "provider")
    case.assign_provider(str(cmd.provider_id), ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)


@command(refs={"case_id": CASE, "provider_id": STAFF}, access=case_team)
def unassign_provider(
    cmd: ProviderCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.unassign_provider(str(cmd.provider_id), ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)


class SetParticipantStatus(CaseCommand):
    person_id: uuid.UUID
    status: str | None = Field(default=None, max_length=30)


@command(refs={"case_id": CASE, "person_id": PERSON}, access=case_team)
def set_participant_status(
    cmd: SetParticipantStatus, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    status = LifecycleStatus(cmd.status).value if cmd.status else None
    case.set_participant_status(str(cmd.person_id), status, ctx.actor, ctx.now())
    person = load(ctx.stores.scheduling, Person, cmd.person_id, ctx.practice_id)
    roster = after_case_change(ctx, practice, case, [person])
    return save(ctx.stores.scheduling, case, roster, result_of=case)


class RecordDiagnosis(CaseCommand):
    person_id: uuid.UUID
    code: Line = Field(min_length=3, max_length=8)
    diagnosed_on: str = Field(max_length=10)


@command(refs={"case_id": CASE, "person_id": PERSON}, access=case_team)
def record_diagnosis(
    cmd: RecordDiagnosis, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Records an ICD-10 diagnosis for a participant; consultation and workshop cases have
    none."""
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.record_diagnosis(str(cmd.person_id), cmd.code, cmd.diagnosed_on, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)


class SetPlannedAbsenceAllowance(CaseCommand):
    allowance: Count | None = Field(description="per calendar year; null for the practice default")


@command(refs={"case_id": CASE}, access=case_team)
def set_planned_absence_allowance(
    cmd: SetPlannedAbsenceAllowance, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.set_planned_absence_allowance(cmd.allowance, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)


@command(refs={"case_id": CASE}, access=case_team)
def close_case(
    cmd: CaseCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.close(practice_today(practice, ctx), ctx.actor, ctx.now())
    roster = after_case_change(ctx, practice, case, people_of(ctx, case))
    return save(ctx.stores.scheduling, case, roster, result_of=case)


@command(refs={"case_id": CASE}, access=case_team)
def reopen_case(
    cmd: CaseCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    case.reopen(ctx.actor, ctx.now())
    # Reopening brings its Active participants back into the count (refused over the limit).
    roster = after_case_change(ctx, practice, case, people_of(ctx, case))
    return save(ctx.stores.scheduling, case, roster, result_of=case)


class SetCaseSupervisor(CaseCommand):
    supervisor_id: uuid.UUID | None = Field(description="null removes the case supervisor")


@command(refs={"case_id": CASE, "supervisor_id": STAFF}, access=case_team)
def set_case_supervisor(
    cmd: SetCaseSupervisor, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Names the clinician who supervises this case (besides an associate's default
    supervisor): the Group plan only."""
    practice, case = case_for_write(ctx, cmd.case_id, expected_version)
    if cmd.supervisor_id is None:
        case.assign_supervisor(None, ctx.actor, ctx.now())
        return save(ctx.stores.scheduling, case, result_of=case)
    case.assign_supervisor(case_supervisor(ctx, practice, cmd.supervisor_id), ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, case, result_of=case)

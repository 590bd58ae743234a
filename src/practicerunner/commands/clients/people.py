"""Commands on people: registering clients and contacts, their details and lifecycle status,
relationships, helpers (representatives verified by staff), and reminder opt-out."""

from __future__ import annotations

import uuid

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
from practicerunner.commands.clients.active_clients import after_person_change
from practicerunner.commands.clients.emails import addresses_of, email_claims
from practicerunner.commands.clients.names import identity_of, name_birth_claims
from practicerunner.commands.inputs import Flag, Line
from practicerunner.commands.practice.practice import Address, practice_for_write
from practicerunner.commands.references import PERSON
from practicerunner.domain.clients.lifecycle import ContactType, LifecycleStatus, PersonKind
from practicerunner.domain.clients.people import INVERSE, Person
from practicerunner.domain.clients.relationships import HelperRole, RelationshipKind
from practicerunner.domain.practice.staff import StaffMember


def person_for_write(
    ctx: CommandContext, person_id: uuid.UUID | str, expected: int | None = None
) -> Person:
    practice_for_write(ctx)
    person = load(ctx.stores.scheduling, Person, person_id, ctx.practice_id)
    expect_version(person, expected)
    return person


def actor_role(ctx: CommandContext) -> str | None:
    """The acting staff member's role (None for service principals)."""
    if ctx.actor.is_service:
        return None
    staff = load(ctx.stores.practice, StaffMember, ctx.actor.id, ctx.practice_id)
    return staff.role.value


class EmailAddress(Command):
    address: str = Field(min_length=3, max_length=254)
    primary: Flag = False


class PhoneNumber(Command):
    number: str = Field(min_length=7, max_length=30)
    label: Line | None = Field(default=None, max_length=30)
    primary: Flag = False


class RegisterPerson(Command):
    kind: PersonKind = PersonKind.INDIVIDUAL
    given_name: Line | None = Field(default=None, max_length=100)
    family_name: Line | None = Field(default=None, max_length=100)
    preferred_name: Line | None = Field(default=None, max_length=100)
    organisation_name: Line | None = Field(default=None, max_length=200)
    contact_type: ContactType = ContactType.THERAPY_CLIENT
    status: LifecycleStatus = LifecycleStatus.PROSPECT
    birth_date: str | None = Field(default=None, max_length=10)
    emails: list[EmailAddress] = Field(default_factory=list, max_length=10)
    phones: list[PhoneNumber] = Field(default_factory=list, max_length=10)
    address: Address | None = None


@command(access=case_team)
def register_person(cmd: RegisterPerson, ctx: CommandContext) -> CommandResult:
    """Registers a client or contact (a person, or an organisation that pays)."""
    practice = practice_for_write(ctx)
    person = Person.register(
        id=uuid.uuid4(),
        practice_id=str(practice.id),
        kind=cmd.kind,
        given_name=cmd.given_name,
        family_name=cmd.family_name,
        organisation_name=cmd.organisation_name,
        contact_type=ContactType.CONTACT
        if cmd.kind == PersonKind.ORGANISATION
        else cmd.contact_type,
        status=LifecycleStatus.CONTACT if cmd.kind == PersonKind.ORGANISATION else cmd.status,
        by=ctx.actor,
        at=ctx.now(),
    )
    if cmd.preferred_name:
        person.rename(
            given_name=person.given_name,
            family_name=person.family_name,
            middle_name=None,
            preferred_name=cmd.preferred_name,
            organisation_name=person.organisation_name,
            by=ctx.actor,
            at=ctx.now(),
        )
    if cmd.birth_date:
        person.record_birth_date(cmd.birth_date, ctx.now().date(), ctx.actor, ctx.now())
    if cmd.emails or cmd.phones or cmd.address:
        person.change_contact_details(
            [e.model_dump() for e in cmd.emails],
            [p.model_dump() for p in cmd.phones],
            cmd.address.model_dump(exclude_none=True) if cmd.address else None,
            ctx.actor,
            ctx.now(),
        )
    claims = email_claims(ctx, practice, person, set())
    claims += name_birth_claims(ctx, practice, person, None)
    return save(ctx.stores.scheduling, person, *claims, result_of=person)


class PersonCommand(Command):
    person_id: uuid.UUID


class RenamePerson(PersonCommand):
    given_name: Line | None = Field(default=None, max_length=100)
    family_name: Line | None = Field(default=None, max_length=100)
    middle_name: Line | None = Field(default=None, max_length=100)
    preferred_name: Line | None = Field(default=None, max_length=100)
    organisation_name: Line | None = Field(default=None, max_length=200)


@command(refs={"person_id": PERSON}, access=case_team)
def rename_person(
    cmd: RenamePerson, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    before = identity_of(person)
    person.rename(**cmd.model_dump(exclude={"person_id"}), by=ctx.actor, at=ctx.now())
    practice = practice_for_write(ctx, read_only=True)
    claims = name_birth_claims(ctx, practice, person, before)
    return save(ctx.stores.scheduling, person, *claims, result_of=person)


class RecordBirthDate(PersonCommand):
    birth_date: str | None = Field(max_length=10)


@command(refs={"person_id": PERSON}, access=case_team)
def record_birth_date(
    cmd: RecordBirthDate, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    before = identity_of(person)
    person.record_birth_date(cmd.birth_date, ctx.now().date(), ctx.actor, ctx.now())
    practice = practice_for_write(ctx, read_only=True)
    claims = name_birth_claims(ctx, practice, person, before)
    return save(ctx.stores.scheduling, person, *claims, result_of=person)


class ChangeContactDetails(PersonCommand):
    emails: list[EmailAddress] = Field(default_factory=list, max_length=10)
    phones: list[PhoneNumber] = Field(default_factory=list, max_length=10)
    address: Address | None = None


@command(refs={"person_id": PERSON}, access=case_team)
def change_contact_details(
    cmd: ChangeContactDetails, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    before = addresses_of(person)
    person.change_contact_details(
        [e.model_dump() for e in cmd.emails],
        [p.model_dump() for p in cmd.phones],
        cmd.address.model_dump(exclude_none=True) if cmd.address else None,
        ctx.actor,
        ctx.now(),
    )
    claims = email_claims(ctx, practice_for_write(ctx, read_only=True), person, before)
    return save(ctx.stores.scheduling, person, *claims, result_of=person)


class ChangePersonNotes(PersonCommand):
    notes: str | None = Field(max_length=10_000)


@command(refs={"person_id": PERSON}, access=case_team)
def change_person_notes(
    cmd: ChangePersonNotes, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.change_notes(cmd.notes, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


class RecordInsurance(PersonCommand):
    payer: Line | None = Field(default=None, max_length=200)
    member_id: str | None = Field(default=None, max_length=50)


@command(
    refs={"person_id": PERSON},
    access=case_team,
    local={"member_id": "the insurer's member number, not an id of ours"},
)
def record_insurance(
    cmd: RecordInsurance, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.record_insurance(cmd.payer, cmd.member_id, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


class ChangeContactType(PersonCommand):
    contact_type: ContactType


@command(refs={"person_id": PERSON}, access=case_team)
def change_contact_type(
    cmd: ChangeContactType, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.change_contact_type(cmd.contact_type, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


class ChangeLifecycleStatus(PersonCommand):
    status: LifecycleStatus


@command(refs={"person_id": PERSON}, access=case_team)
def change_lifecycle_status(
    cmd: ChangeLifecycleStatus, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Moves a person along the lifecycle; archiving and restoring are for the owner or a
    coordinator."""
    practice = practice_for_write(ctx)
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.change_status(cmd.status, actor_role(ctx), ctx.actor, ctx.now())
    # Becoming Active in an open case takes an active-client place (refused over the plan's
    # limit); leaving Active releases it. The roster is saved in this same write.
    roster = after_person_change(ctx, practice, person)
    return save(ctx.stores.scheduling, person, roster, result_of=person)


class AddRelationship(PersonCommand):
    other_person_id: uuid.UUID
    relationship: RelationshipKind


@command(refs={"person_id": PERSON, "other_person_id": PERSON}, access=case_team)
def add_relationship(
    cmd: AddRelationship, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Links two people; both sides record it in one write (a parent's child is a child's
    parent)."""
    person = person_for_write(ctx, cmd.person_id, expected_version)
    other = load(ctx.stores.scheduling, Person, cmd.other_person_id, ctx.practice_id)
    person.relate_to(str(other.id), cmd.relationship, ctx.actor, ctx.now())
    other.relate_to(str(person.id), INVERSE[cmd.relationship], ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, other, result_of=person)


class RemoveRelationship(PersonCommand):
    other_person_id: uuid.UUID


@command(refs={"person_id": PERSON, "other_person_id": PERSON}, access=case_team)
def remove_relationship(
    cmd: RemoveRelationship, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    other = load(ctx.stores.scheduling, Person, cmd.other_person_id, ctx.practice_id)
    person.unrelate_from(str(other.id), ctx.actor, ctx.now())
    other.unrelate_from(str(person.id), ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, other, result_of=person)


class HelperCommand(PersonCommand):
    helper_id: uuid.UUID
    role: HelperRole


@command(refs={"person_id": PERSON, "helper_id": PERSON}, access=case_team)
def add_helper(
    cmd: HelperCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Gives another person a helper role (least privilege) for this person. A representative
    may sign only after staff verify them."""
    person = person_for_write(ctx, cmd.person_id, expected_version)
    helper = load(ctx.stores.scheduling, Person, cmd.helper_id, ctx.practice_id)
    person.add_helper(helper, cmd.role, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


@command(refs={"person_id": PERSON, "helper_id": PERSON}, access=case_team)
def remove_helper(
    cmd: HelperCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.remove_helper(str(cmd.helper_id), cmd.role, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


class VerifyRepresentative(PersonCommand):
    helper_id: uuid.UUID


@command(refs={"person_id": PERSON, "helper_id": PERSON}, access=case_team)
def verify_representative(
    cmd: VerifyRepresentative, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.verify_representative(str(cmd.helper_id), ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


@command(refs={"person_id": PERSON}, access=case_team)
def opt_out_of_reminders(
    cmd: PersonCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.opt_out_of_reminders(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)


@command(refs={"person_id": PERSON}, access=case_team)
def opt_in_to_reminders(
    cmd: PersonCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    person = person_for_write(ctx, cmd.person_id, expected_version)
    person.opt_in_to_reminders(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, person, result_of=person)

"""What a client does in the portal for themselves: cancel an appointment of a case they take
part in (or help with: a scheduling helper, a verified representative), and switch their own
calendar feed on or off. The actor is the portal person (``person:<id>``); the access rules
here check, on the write side, that the appointment's case is theirs, so the staff rules
(``case_team``, ``own_feed``) do not apply and staff cannot run these."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from pydantic import Field

from practicerunner.commands.access import Loaded, command
from practicerunner.commands.base import Command, CommandContext, CommandResult, load
from practicerunner.commands.references import APPOINTMENT
from practicerunner.commands.scheduling import changes, feeds
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.clients.relationships import HelperRole
from practicerunner.domain.errors import NotFound
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.scheduling.feeds import FeedOwner


def _unchecked(handler: Callable[..., CommandResult]) -> Callable[..., CommandResult]:
    """The staff handler without its staff access rule; ours has run (``@command`` below)."""
    inner: Any = getattr(handler, "__wrapped__")  # noqa: B009 (functools.wraps sets it)
    return inner


def portal_person(ctx: CommandContext) -> str:
    """The person signed in to the portal; anyone else is "not found" here."""
    if not ctx.actor.id.startswith("person:") or ctx.actor.on_behalf_of:
        raise NotFound("Not found.")
    return ctx.actor.id.removeprefix("person:")


def may_request_in_case(ctx: CommandContext, case: Case, person_id: str) -> bool:
    """A participant of the case, or a scheduling helper or verified representative of one."""
    participants = case.active_participants()
    if person_id in participants:
        return True
    for participant_id in participants:
        person = load(ctx.stores.scheduling, Person, participant_id, ctx.practice_id, copy=False)
        roles = set(person.helpers.get(person_id, []))
        if HelperRole.SCHEDULING_HELPER.value in roles or (
            HelperRole.REPRESENTATIVE.value in roles
            and person_id in person.verified_representatives
        ):
            return True
    return False


def client_of_the_case(ctx: CommandContext, cmd: Command, loaded: Loaded) -> None:
    person_id = portal_person(ctx)
    for _, appointment in loaded["appointment_id"]:
        assert isinstance(appointment, Appointment)
        case = load(ctx.stores.scheduling, Case, appointment.case_id, ctx.practice_id, copy=False)
        if not may_request_in_case(ctx, case, person_id):
            raise NotFound("No appointment with that id.")


def the_person_themselves(ctx: CommandContext, cmd: Command, loaded: Loaded) -> None:
    portal_person(ctx)


class ClientCancel(Command):
    appointment_id: uuid.UUID
    reason: str | None = Field(default=None, max_length=500)


@command(refs={"appointment_id": APPOINTMENT}, access=client_of_the_case)
def client_cancel_appointment(cmd: ClientCancel, ctx: CommandContext) -> CommandResult:
    """The client's own cancellation, by the practice's rules for a client's (planned
    absence, cancelled by client, late cancellation)."""
    cancel = changes.CancelAppointment(
        appointment_id=cmd.appointment_id, by="client", reason=cmd.reason
    )
    return _unchecked(changes.cancel_appointment)(cancel, ctx)


class OwnFeed(Command):
    """The portal person's own calendar feed (no fields: the actor names it)."""


def _own(ctx: CommandContext) -> feeds.FeedCommand:
    return feeds.FeedCommand(owner_kind=FeedOwner.CLIENT, owner_id=uuid.UUID(portal_person(ctx)))


@command(access=the_person_themselves)
def issue_own_calendar_feed(cmd: OwnFeed, ctx: CommandContext) -> CommandResult:
    """Switches the person's own feed on, or renews its address."""
    return _unchecked(feeds.issue_calendar_feed)(_own(ctx), ctx)


@command(access=the_person_themselves)
def revoke_own_calendar_feed(cmd: OwnFeed, ctx: CommandContext) -> CommandResult:
    """Switches the person's own feed off."""
    return _unchecked(feeds.revoke_calendar_feed)(_own(ctx), ctx)

"""Commands on locations (with rooms) and services."""

from __future__ import annotations

import uuid

from pydantic import Field

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.inputs import Cents, Flag, Line, Minutes
from practicerunner.commands.practice.practice import Address, practice_for_write
from practicerunner.commands.references import LOCATION, ROOM_IN_LOCATION, SERVICE
from practicerunner.domain.practice.catalog import Location, Service, SessionFormat


class AddLocation(Command):
    name: Line = Field(min_length=1, max_length=200)
    session_format: SessionFormat
    address: Address | None = None


@command(access=practice_wide)
def add_location(cmd: AddLocation, ctx: CommandContext) -> CommandResult:
    practice = practice_for_write(ctx, read_only=True)
    location = Location.add(
        id=uuid.uuid4(),
        practice_id=str(practice.id),
        name=cmd.name,
        session_format=cmd.session_format,
        address=cmd.address.model_dump(exclude_none=True) if cmd.address else None,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores.practice, location, result_of=location)


class LocationCommand(Command):
    location_id: uuid.UUID


def _location(ctx: CommandContext, location_id: uuid.UUID, expected: int | None) -> Location:
    practice_for_write(ctx, read_only=True)
    location = load(ctx.stores.practice, Location, location_id, ctx.practice_id)
    expect_version(location, expected)
    return location


class RenameLocation(LocationCommand):
    name: Line = Field(min_length=1, max_length=200)


@command(refs={"location_id": LOCATION}, access=practice_wide)
def rename_location(
    cmd: RenameLocation, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    location.rename(cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location)


class ChangeLocationAddress(LocationCommand):
    address: Address


@command(refs={"location_id": LOCATION}, access=practice_wide)
def change_location_address(
    cmd: ChangeLocationAddress, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    location.change_address(cmd.address.model_dump(exclude_none=True), ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location)


class AddRoom(LocationCommand):
    name: Line = Field(min_length=1, max_length=100)


@command(refs={"location_id": LOCATION}, access=practice_wide)
def add_room(
    cmd: AddRoom, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    room_id = str(uuid.uuid4())
    location.add_room(room_id, cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location, room_id=room_id)


class RemoveRoom(LocationCommand):
    room_id: str = Field(min_length=1, max_length=64)


@command(
    refs={"location_id": LOCATION},
    access=practice_wide,
    local=ROOM_IN_LOCATION,
)
def remove_room(
    cmd: RemoveRoom, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    location.remove_room(cmd.room_id, ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location)


class ChangeLocationVisibility(LocationCommand):
    visible_online: Flag


@command(refs={"location_id": LOCATION}, access=practice_wide)
def change_location_visibility(
    cmd: ChangeLocationVisibility, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    location.change_online_visibility(cmd.visible_online, ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location)


@command(refs={"location_id": LOCATION}, access=practice_wide)
def archive_location(
    cmd: LocationCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    location = _location(ctx, cmd.location_id, expected_version)
    location.archive(ctx.actor, ctx.now())
    return save(ctx.stores.practice, location, result_of=location)


class AddService(Command):
    name: Line = Field(min_length=1, max_length=200)
    cpt_code: Line | None = Field(default=None, max_length=5)
    duration_minutes: Minutes
    fee_cents: Cents
    bookable_online: Flag = False


@command(access=practice_wide)
def add_service(cmd: AddService, ctx: CommandContext) -> CommandResult:
    practice = practice_for_write(ctx, read_only=True)
    service = Service.add(
        id=uuid.uuid4(),
        practice_id=str(practice.id),
        name=cmd.name,
        cpt_code=cmd.cpt_code,
        duration_minutes=cmd.duration_minutes,
        fee_cents=cmd.fee_cents,
        bookable_online=cmd.bookable_online,
        currency=practice.settings["billing"]["currency"],
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores.practice, service, result_of=service)


class ServiceCommand(Command):
    service_id: uuid.UUID


def _service(ctx: CommandContext, service_id: uuid.UUID, expected: int | None) -> Service:
    practice_for_write(ctx, read_only=True)
    service = load(ctx.stores.practice, Service, service_id, ctx.practice_id)
    expect_version(service, expected)
    return service


class RenameService(ServiceCommand):
    name: Line = Field(min_length=1, max_length=200)


@command(refs={"service_id": SERVICE}, access=practice_wide)
def rename_service(
    cmd: RenameService, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.rename(cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)


class ChangeServiceFee(ServiceCommand):
    fee_cents: Cents


@command(refs={"service_id": SERVICE}, access=practice_wide)
def change_service_fee(
    cmd: ChangeServiceFee, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.change_fee(cmd.fee_cents, ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)


class ChangeServiceDuration(ServiceCommand):
    duration_minutes: Minutes


@command(refs={"service_id": SERVICE}, access=practice_wide)
def change_service_duration(
    cmd: ChangeServiceDuration, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.change_duration(cmd.duration_minutes, ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)


class ChangeServiceCptCode(ServiceCommand):
    cpt_code: Line | None = Field(max_length=5)


@command(refs={"service_id": SERVICE}, access=practice_wide)
def change_service_cpt_code(
    cmd: ChangeServiceCptCode, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.change_cpt_code(cmd.cpt_code, ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)


class ChangeOnlineBooking(ServiceCommand):
    bookable_online: Flag


@command(refs={"service_id": SERVICE}, access=practice_wide)
def change_online_booking(
    cmd: ChangeOnlineBooking, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.change_online_booking(cmd.bookable_online, ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)


@command(refs={"service_id": SERVICE}, access=practice_wide)
def retire_service(
    cmd: ServiceCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    service = _service(ctx, cmd.service_id, expected_version)
    service.retire(ctx.actor, ctx.now())
    return save(ctx.stores.practice, service, result_of=service)

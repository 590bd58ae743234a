"""Billing settings: the practice's defaults, a provider's billing schedule, and overrides for
one case or one billing contact."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import Field, StrictInt

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.billing.common import (
    billing_store,
    find,
    payer_of_practice,
    practice_settings,
    writable_practice,
)
from practicerunner.commands.billing.references import OVERRIDE_SCOPE
from practicerunner.commands.references import STAFF
from practicerunner.domain.billing.settings import BillingOverride, BillingSettings, override_id
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import InvalidValue
from practicerunner.domain.practice.staff import StaffMember


class ChangeBillingSettings(Command):
    values: dict[str, Any] = Field(description="billing settings to change, by key")


@command(access=practice_wide)
def change_billing_settings(
    cmd: ChangeBillingSettings, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Changes the practice's billing defaults (mode, methods, review delay, discount, fees,
    payment terms, AutoPay notice and retries)."""
    writable_practice(ctx)
    settings = practice_settings(ctx) or BillingSettings.start(
        str(ctx.practice_id), ctx.actor, ctx.now()
    )
    expect_version(settings, expected_version)
    settings.change(cmd.values, ctx.actor, ctx.now())
    return save(billing_store(ctx), settings, result_of=settings)


class SetProviderBillingSchedule(Command):
    provider_id: UUID
    frequency: Literal["daily", "weekly", "monthly"]
    weekday: StrictInt | None = Field(default=None, description="weekly: 0 Monday .. 6 Sunday")
    day: StrictInt | None = Field(default=None, description="monthly: day 1 to 28")


@command(refs={"provider_id": STAFF}, access=practice_wide)
def set_provider_billing_schedule(
    cmd: SetProviderBillingSchedule, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """When a provider's sessions are invoiced: daily, weekly on a weekday, monthly on a day."""
    writable_practice(ctx)
    load(ctx.stores.practice, StaffMember, cmd.provider_id, ctx.practice_id, copy=False)
    settings = practice_settings(ctx) or BillingSettings.start(
        str(ctx.practice_id), ctx.actor, ctx.now()
    )
    expect_version(settings, expected_version)
    schedule: dict[str, Any] = {"frequency": cmd.frequency}
    if cmd.weekday is not None:
        schedule["weekday"] = cmd.weekday
    if cmd.day is not None:
        schedule["day"] = cmd.day
    settings.set_provider_schedule(str(cmd.provider_id), schedule, ctx.actor, ctx.now())
    return save(billing_store(ctx), settings, result_of=settings)


class ChangeBillingOverride(Command):
    scope: Literal["case", "billing_contact"]
    scope_id: UUID
    values: dict[str, Any] = Field(
        description="settings to override; null resets one to the practice's (or the billing "
        "contact's); a fee of 0 is not invoiced"
    )


@command(refs={"scope_id": OVERRIDE_SCOPE}, access=practice_wide)
def change_billing_override(
    cmd: ChangeBillingOverride, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Overrides billing settings for one case or one billing contact."""
    writable_practice(ctx)
    if cmd.scope == "case":
        load(ctx.stores.scheduling, Case, cmd.scope_id, ctx.practice_id, copy=False)
    else:
        payer_of_practice(ctx, cmd.scope_id)
    app = billing_store(ctx)
    practice_id = str(ctx.practice_id)
    override = find(app, BillingOverride, override_id(practice_id, cmd.scope, cmd.scope_id))
    settings = None
    if override is None:
        if not cmd.values:
            raise InvalidValue("No billing settings were given.", field="values")
        override = BillingOverride.start(
            practice_id, cmd.scope, str(cmd.scope_id), ctx.actor, ctx.now()
        )
        settings = practice_settings(ctx) or BillingSettings.start(
            practice_id, ctx.actor, ctx.now()
        )
        settings.note_override(cmd.scope, str(cmd.scope_id), ctx.actor, ctx.now())
    expect_version(override, expected_version)
    override.change(cmd.values, ctx.actor, ctx.now())
    return save(app, override, settings, result_of=override)

"""Billing settings: the practice's defaults and providers' schedules, and per-case or
per-billing-contact overrides with what applies as a result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from practicerunner.api.auth import Principal, require
from practicerunner.api.billing.schemas import BillingOverrideView, BillingSettingsView
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.commands.billing import settings as cmd
from practicerunner.commands.billing.common import STORE, find
from practicerunner.domain.billing.settings import (
    DEFAULT_SCHEDULE,
    DEFAULTS,
    BillingOverride,
    BillingSettings,
    effective,
    override_id,
    settings_id,
)
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.identity.permissions import Permission

router = APIRouter(tags=["billing"])
READ, SETTINGS = Permission.BILLING_READ, Permission.BILLING_SETTINGS


def _practice_settings(rt: Runtime, practice_id: Any) -> BillingSettings | None:
    return find(rt.stores[STORE], BillingSettings, settings_id(str(practice_id)))


@router.get("/billing/settings", response_model=BillingSettingsView)
def get_billing_settings(request: Request, principal: Principal = Depends(require(READ))) -> Any:
    found = _practice_settings(request.app.state.runtime, principal.practice_id)
    return {
        "values": found.current if found else dict(DEFAULTS),
        "schedules": found.schedules if found else {},
        "default_schedule": DEFAULT_SCHEDULE,
        "version": found.version if found else 0,
    }


def _override(rt: Runtime, principal: Principal, scope: str, scope_id: UUID) -> dict[str, Any]:
    load(rt.stores.scheduling, Case if scope == "case" else Person, scope_id,
         principal.practice_id, copy=False)  # fmt: skip
    practice = _practice_settings(rt, principal.practice_id)
    found = find(
        rt.stores[STORE], BillingOverride, override_id(str(principal.practice_id), scope, scope_id)
    )
    values = found.values if found else {}
    base = practice.values if practice else {}
    applied = (
        effective(base, values, None)
        if scope == "billing_contact"
        else effective(base, None, values)
    )
    return {
        "scope": scope, "scope_id": str(scope_id), "values": values, "effective": applied,
        "version": found.version if found else 0,
    }  # fmt: skip


@router.get("/billing/overrides/cases/{case_id}", response_model=BillingOverrideView)
def get_case_billing_override(
    case_id: UUID, request: Request, principal: Principal = Depends(require(READ))
) -> Any:
    """A case's overrides, and the settings that apply to its sessions as a result."""
    return _override(request.app.state.runtime, principal, "case", case_id)


@router.get("/billing/overrides/billing-contacts/{person_id}", response_model=BillingOverrideView)
def get_contact_billing_override(
    person_id: UUID, request: Request, principal: Principal = Depends(require(READ))
) -> Any:
    """A billing contact's overrides, and what applies to what they pay as a result."""
    return _override(request.app.state.runtime, principal, "billing_contact", person_id)


command_route(
    router, "/billing/settings", cmd.change_billing_settings, cmd.ChangeBillingSettings, SETTINGS
)
command_route(
    router, "/billing/provider-schedules", cmd.set_provider_billing_schedule,
    cmd.SetProviderBillingSchedule, SETTINGS,
)  # fmt: skip
command_route(
    router, "/billing/overrides", cmd.change_billing_override, cmd.ChangeBillingOverride, SETTINGS
)

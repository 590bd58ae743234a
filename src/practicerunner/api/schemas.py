"""Response models of the query routes (the OpenAPI contract web clients build against)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class PracticeView(BaseModel):
    practice_id: str
    slug: str
    name: str
    timezone: str
    plan: str
    owner_id: str | None
    address: dict[str, str] | None
    billing_identity: dict[str, str | None]
    settings: dict[str, dict[str, Any]]
    version: int
    opened_at: str | None
    updated_at: str | None


class PublicPracticeView(BaseModel):
    slug: str
    name: str
    timezone: str


class StaffView(BaseModel):
    staff_id: str
    email: str
    given_name: str
    family_name: str
    role: str
    status: str
    is_provider: bool
    credentials: dict[str, str | None]
    booking_slug: str | None
    default_supervisor_id: str | None
    invitation_expires_at: str | None
    added_at: str
    joined_at: str | None
    version: int


class LocationView(BaseModel):
    location_id: str
    name: str
    session_format: str
    address: dict[str, str] | None
    rooms: list[dict[str, str]]
    visible_online: bool
    archived: bool
    version: int


class ServiceView(BaseModel):
    service_id: str
    name: str
    cpt_code: str | None
    duration_minutes: int
    fee_cents: int
    currency: str
    bookable_online: bool
    retired: bool
    version: int


class StaffPage(BaseModel):
    items: list[StaffView]
    next_cursor: str | None


class LocationPage(BaseModel):
    items: list[LocationView]
    next_cursor: str | None


class ServicePage(BaseModel):
    items: list[ServiceView]
    next_cursor: str | None


class HistoryEvent(BaseModel):
    version: int
    event: str
    recorded_at: str
    actor_id: str | None
    on_behalf_of: str | None
    actor_name: str | None = None
    on_behalf_of_name: str | None = None
    data: dict[str, Any]


class HistoryView(BaseModel):
    aggregate_id: str
    aggregate_type: str
    version: int
    as_of: str | None
    state: dict[str, Any]
    events: list[HistoryEvent]

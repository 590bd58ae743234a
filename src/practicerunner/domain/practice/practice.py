"""The practice (the tenant): identity, address, billing identity, plan, settings, roster."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import (
    InvalidValue,
    PlanLimitReached,
    PortalOff,
    RuleViolation,
)
from practicerunner.domain.practice.plans import (
    case_supervisors_must_be_available,
    plan_must_fit,
    seat_must_be_available,
    supervision_must_be_available,
)
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.settings import default_settings, validate_settings_change
from practicerunner.domain.values import (
    name_must_be_present,
    npi_must_be_valid,
    slug_must_be_well_formed,
    timezone_must_exist,
)

ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postal_code", "country")
BILLING_IDENTITY_FIELDS = ("legal_name", "tax_id", "npi", "invoice_footer")


def address_must_be_complete(address: dict[str, str]) -> dict[str, str]:
    unknown = set(address) - set(ADDRESS_FIELDS)
    if unknown:
        raise InvalidValue(
            f"Unknown address fields: {', '.join(sorted(unknown))}.", field="address"
        )
    clean = {k: str(v).strip() for k, v in address.items() if v is not None and str(v).strip()}
    missing = [f for f in ("line1", "city", "postal_code", "country") if f not in clean]
    if missing:
        raise InvalidValue(f"The address needs {', '.join(missing)}.", field="address")
    return clean


def billing_identity_must_be_valid(identity: dict[str, str | None]) -> dict[str, str | None]:
    unknown = set(identity) - set(BILLING_IDENTITY_FIELDS)
    if unknown:
        raise InvalidValue(
            f"Unknown billing identity fields: {', '.join(sorted(unknown))}.",
            field="billing_identity",
        )
    clean: dict[str, str | None] = {
        k: (v.strip() or None) if v else None for k, v in identity.items()
    }
    if clean.get("npi"):
        npi_must_be_valid(str(clean["npi"]))
    tax_id = clean.get("tax_id")
    if tax_id and not (len(tax_id.replace("-", "")) == 9 and tax_id.replace("-", "").isdigit()):
        raise InvalidValue("A tax ID (EIN or SSN) has 9 digits.", field="tax_id")
    return clean


class Practice(PracticeAggregate):
    snapshot_every = 50

    def __init__(self, name: str, slug: str, timezone: str, plan: str, owner_id: str) -> None:
        self.name = name
        self.slug = slug
        self.timezone = timezone
        self.plan = Plan(plan)
        self.plan_before_archive: Plan | None = None
        self.owner_id = owner_id
        self.address: dict[str, str] | None = None
        self.billing_identity: dict[str, str | None] = {"legal_name": name}
        self.settings: dict[str, dict[str, Any]] = default_settings()
        self.roster: dict[str, str] = {owner_id: Role.OWNER.value}

    # -- events ---------------------------------------------------------------------------

    class Opened(PracticeAggregate.Created):
        name: str
        slug: str
        timezone: str
        plan: str
        owner_id: str

    class Renamed(PracticeAggregate.Event):
        name: str

        def apply(self, practice: Practice) -> None:
            practice.name = self.name

    class SlugChanged(PracticeAggregate.Event):
        slug: str

        def apply(self, practice: Practice) -> None:
            practice.slug = self.slug

    class TimezoneChanged(PracticeAggregate.Event):
        timezone: str

        def apply(self, practice: Practice) -> None:
            practice.timezone = self.timezone

    class AddressChanged(PracticeAggregate.Event):
        address: dict[str, str]

        def apply(self, practice: Practice) -> None:
            practice.address = dict(self.address)

    class BillingIdentityChanged(PracticeAggregate.Event):
        billing_identity: dict[str, str | None]

        def apply(self, practice: Practice) -> None:
            practice.billing_identity = dict(self.billing_identity)

    class SettingsChanged(PracticeAggregate.Event):
        group: str
        values: dict[str, Any]

        def apply(self, practice: Practice) -> None:
            practice.settings.setdefault(self.group, {}).update(self.values)

    class PlanChanged(PracticeAggregate.Event):
        plan: str
        previous_plan: str

        def apply(self, practice: Practice) -> None:
            if self.plan == Plan.ARCHIVE:
                practice.plan_before_archive = Plan(self.previous_plan)
            else:
                practice.plan_before_archive = None
            practice.plan = Plan(self.plan)

    class SeatAssigned(PracticeAggregate.Event):
        staff_id: str
        role: str

        def apply(self, practice: Practice) -> None:
            practice.roster[self.staff_id] = self.role

    class SeatReleased(PracticeAggregate.Event):
        staff_id: str

        def apply(self, practice: Practice) -> None:
            practice.roster.pop(self.staff_id, None)

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        name: str,
        slug: str,
        timezone: str,
        plan: Plan,
        owner_id: str,
        by: Actor,
        at: datetime | None,
    ) -> Practice:
        return cls._start(
            cls.Opened,
            id=id,
            by=by,
            at=at,
            name=name_must_be_present(name),
            slug=slug_must_be_well_formed(slug),
            timezone=timezone_must_exist(timezone),
            plan=Plan(plan).value,
            owner_id=owner_id,
        )

    def rename(self, name: str, by: Actor, at: datetime | None) -> None:
        name = name_must_be_present(name)
        if name != self.name:
            self._happen(self.Renamed, by, at, name=name)

    def change_slug(self, slug: str, by: Actor, at: datetime | None) -> None:
        slug = slug_must_be_well_formed(slug)
        if slug != self.slug:
            self._happen(self.SlugChanged, by, at, slug=slug)

    def change_timezone(self, timezone: str, by: Actor, at: datetime | None) -> None:
        timezone = timezone_must_exist(timezone)
        if timezone != self.timezone:
            self._happen(self.TimezoneChanged, by, at, timezone=timezone)

    def change_address(self, address: dict[str, str], by: Actor, at: datetime | None) -> None:
        self._happen(self.AddressChanged, by, at, address=address_must_be_complete(address))

    def change_billing_identity(
        self, identity: dict[str, str | None], by: Actor, at: datetime | None
    ) -> None:
        merged = {**self.billing_identity, **billing_identity_must_be_valid(identity)}
        if not merged.get("legal_name"):
            raise InvalidValue("The billing identity needs a legal name.", field="legal_name")
        self._happen(self.BillingIdentityChanged, by, at, billing_identity=merged)

    def change_settings(
        self, group: str, values: dict[str, Any], by: Actor, at: datetime | None
    ) -> None:
        self.must_accept_writes()
        values = validate_settings_change(group, values)
        self._happen(self.SettingsChanged, by, at, group=group, values=values)

    def change_plan(
        self, plan: Plan, by: Actor, at: datetime | None, *, active_clients: int
    ) -> None:
        """``active_clients`` is the practice's current count (kept by the scheduling
        context's ``ActiveClientRoster``; see ``commands.practice.change_plan``)."""
        plan = Plan(plan)
        if plan == self.plan:
            return
        plan_must_fit(plan, self.roster, active_clients)
        self._happen(self.PlanChanged, by, at, plan=plan.value, previous_plan=self.plan.value)

    def resume_from_archive(self, by: Actor, at: datetime | None) -> None:
        if self.plan != Plan.ARCHIVE or self.plan_before_archive is None:
            raise RuleViolation("Only an archived practice can be resumed.")
        self._happen(
            self.PlanChanged,
            by,
            at,
            plan=self.plan_before_archive.value,
            previous_plan=self.plan.value,
        )

    def assign_seat(self, staff_id: str, role: Role, by: Actor, at: datetime | None) -> None:
        self.must_accept_writes()
        if self.roster.get(staff_id) != role.value:
            seat_must_be_available(self.plan, self.roster, staff_id, Role(role))
            self._happen(self.SeatAssigned, by, at, staff_id=staff_id, role=role.value)

    def release_seat(self, staff_id: str, by: Actor, at: datetime | None) -> None:
        if staff_id == self.owner_id:
            raise RuleViolation("The practice owner's seat cannot be released.")
        if staff_id in self.roster:
            self._happen(self.SeatReleased, by, at, staff_id=staff_id)

    # -- rules ----------------------------------------------------------------------------

    def must_allow_supervision(self) -> None:
        supervision_must_be_available(self.plan)

    def must_allow_case_supervisors(self) -> None:
        case_supervisors_must_be_available(self.plan)

    def must_accept_writes(self) -> None:
        if self.plan == Plan.ARCHIVE:
            raise PlanLimitReached(
                "The practice is on the Archive plan, which is read-only; resume a plan to "
                "make changes.",
                limit="archive_read_only",
                plan=self.plan.value,
            )

    @property
    def portal_enabled(self) -> bool:
        return bool(self.settings.get("portal", {}).get("enabled", True))

    def portal_must_be_on(self) -> None:
        """Refuses portal sign-in and portal routes while the practice has its portal off."""
        if not self.portal_enabled:
            raise PortalOff(
                "This practice's client portal is switched off. Contact the practice directly."
            )

    def seats_held(self, role: Role) -> int:
        return sum(1 for r in self.roster.values() if r == role.value)

"""What each plan entitles a practice to (PRODUCT.md section 1), as rules commands consult.

Seats are counted from the practice's roster by the kind of seat a role takes; the active
client count is whatever the caller says it will be after the change (the Practice aggregate
keeps the set of active clients, so the count is exact and concurrency-safe). Every refusal is
a ``PlanLimitReached`` naming the limit, the plan that has it and the plan that lifts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from practicerunner.domain.errors import PlanLimitReached
from practicerunner.domain.practice.roles import ADMIN_ROLES, Plan, Role


class Seat(StrEnum):
    CLINICIAN = "clinician"
    ASSOCIATE = "associate"
    ADMIN = "admin"


def seat_of(role: Role) -> Seat:
    if role in ADMIN_ROLES:
        return Seat.ADMIN
    if role == Role.ASSOCIATE:
        return Seat.ASSOCIATE
    return Seat.CLINICIAN  # owner and provider


@dataclass(frozen=True)
class PlanLimits:
    """``None`` means unlimited. ``included_clinician_seats`` are in the price; seats beyond
    them are allowed and billed (Group)."""

    active_clients: int | None
    seats: Mapping[Seat, int | None]
    included_clinician_seats: int
    supervision: bool
    case_supervisors: bool
    read_only: bool = False


LIMITS: dict[Plan, PlanLimits] = {
    Plan.STARTER: PlanLimits(
        active_clients=10,
        seats={Seat.CLINICIAN: 1, Seat.ASSOCIATE: 0, Seat.ADMIN: 0},
        included_clinician_seats=1,
        supervision=False,
        case_supervisors=False,
    ),
    Plan.PROFESSIONAL: PlanLimits(
        active_clients=None,
        seats={Seat.CLINICIAN: 1, Seat.ASSOCIATE: None, Seat.ADMIN: None},
        included_clinician_seats=1,
        supervision=True,
        case_supervisors=False,
    ),
    Plan.GROUP: PlanLimits(
        active_clients=None,
        seats={Seat.CLINICIAN: None, Seat.ASSOCIATE: None, Seat.ADMIN: None},
        included_clinician_seats=2,
        supervision=True,
        case_supervisors=True,
    ),
    Plan.ARCHIVE: PlanLimits(
        active_clients=0,
        seats={Seat.CLINICIAN: None, Seat.ASSOCIATE: None, Seat.ADMIN: None},
        included_clinician_seats=0,
        supervision=False,
        case_supervisors=False,
        read_only=True,
    ),
}

# The smallest plan that lifts each limit, for the error message.
_LIFTED_BY: dict[str, Plan] = {
    "active_clients": Plan.PROFESSIONAL,
    "clinician_seats": Plan.GROUP,
    "associate_seats": Plan.PROFESSIONAL,
    "admin_seats": Plan.PROFESSIONAL,
    "supervision": Plan.PROFESSIONAL,
    "case_supervisors": Plan.GROUP,
}

_SEAT_WORDS = {
    Seat.CLINICIAN: ("clinician_seats", "clinician seat"),
    Seat.ASSOCIATE: ("associate_seats", "associate seat"),
    Seat.ADMIN: ("admin_seats", "admin seat"),
}


def _refuse(limit: str, plan: Plan, detail: str, allowed: int | None = None) -> PlanLimitReached:
    lifted = _LIFTED_BY.get(limit)
    suffix = f" The {lifted.value.title()} plan lifts this limit." if lifted else ""
    return PlanLimitReached(
        detail + suffix,
        limit=limit,
        plan=plan.value,
        lifted_by=lifted.value if lifted else None,
        allowed=allowed,
    )


def seats_in_use(roster: Mapping[str, str], seat: Seat, excluding: str | None = None) -> int:
    return sum(
        1 for sid, role in roster.items() if sid != excluding and seat_of(Role(role)) == seat
    )


def seat_must_be_available(
    plan: Plan, roster: Mapping[str, str], staff_id: str, role: Role
) -> None:
    """Refuses giving ``staff_id`` a seat of ``role`` when the plan has no such seat left."""
    seat = seat_of(role)
    allowed = LIMITS[plan].seats[seat]
    if allowed is None:
        return
    if seats_in_use(roster, seat, excluding=staff_id) + 1 > allowed:
        limit, word = _SEAT_WORDS[seat]
        what = f"no {word}s" if allowed == 0 else f"{allowed} {word}{'s' * (allowed != 1)}"
        raise _refuse(limit, plan, f"The {plan.value.title()} plan has {what}.", allowed)


def active_clients_must_fit(plan: Plan, active_clients: int) -> None:
    """Refuses a change that would leave the practice with more active clients than its plan
    allows. ``active_clients`` is the count after the change."""
    limits = LIMITS[plan]
    if limits.read_only:
        raise _refuse("archive_read_only", plan, "An archived practice takes no new work.")
    allowed = limits.active_clients
    if allowed is not None and active_clients > allowed:
        raise _refuse(
            "active_clients",
            plan,
            f"The {plan.value.title()} plan allows up to {allowed} active clients.",
            allowed,
        )


def supervision_must_be_available(plan: Plan) -> None:
    """Supervision (associates with a supervising clinician) is for Professional and Group."""
    if not LIMITS[plan].supervision:
        raise _refuse("supervision", plan, f"The {plan.value.title()} plan has no supervision.")


def case_supervisors_must_be_available(plan: Plan) -> None:
    """Case-level supervisors (other than the owner) need the Group plan."""
    if not LIMITS[plan].case_supervisors:
        raise _refuse(
            "case_supervisors",
            plan,
            f"The {plan.value.title()} plan has no case-level supervisors.",
        )


def plan_must_fit(plan: Plan, roster: Mapping[str, str], active_clients: int) -> None:
    """Refuses moving to a plan the practice does not fit in (e.g. Group with three providers
    to Starter). Archive fits everything: it only pauses."""
    limits = LIMITS[plan]
    if limits.read_only:
        return
    for seat, (limit, word) in _SEAT_WORDS.items():
        allowed = limits.seats[seat]
        held = seats_in_use(roster, seat)
        if allowed is not None and held > allowed:
            raise PlanLimitReached(
                f"The practice holds {held} {word}s; the {plan.value.title()} plan allows "
                f"{allowed}. Release seats first.",
                limit=limit,
                plan=plan.value,
                allowed=allowed,
            )
    if limits.active_clients is not None and active_clients > limits.active_clients:
        raise PlanLimitReached(
            f"The practice has {active_clients} active clients; the {plan.value.title()} plan "
            f"allows {limits.active_clients}.",
            limit="active_clients",
            plan=plan.value,
            allowed=limits.active_clients,
        )


def paid_clinician_seats(plan: Plan, roster: Mapping[str, str]) -> int:
    """Clinician seats beyond those included in the plan's price (billed on Group)."""
    return max(0, seats_in_use(roster, Seat.CLINICIAN) - LIMITS[plan].included_clinician_seats)

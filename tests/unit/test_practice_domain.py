"""Given-events / when-command / then-events specifications of the practice domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicerunner.domain.base import Actor, NaturalKeyClaim
from practicerunner.domain.errors import InvalidValue, PlanLimitReached, RuleViolation
from practicerunner.domain.practice.catalog import Location, Service, SessionFormat
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.values import npi_must_be_valid

OWNER = Actor("owner-1")
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
ADDRESS = {"line1": "1 Main St", "city": "Portland", "postal_code": "04101", "country": "US"}


def practice(**overrides: object) -> Practice:
    args: dict = dict(
        id=uuid.uuid4(),
        name="Harbor",
        slug="harbor-therapy",
        timezone="America/New_York",
        plan=Plan.GROUP,
        owner_id="owner-1",
        by=OWNER,
        at=NOW,
    )
    args.update(overrides)
    return Practice.open(**args)


def staff(role: Role = Role.PROVIDER) -> StaffMember:
    return StaffMember.add(
        id=uuid.uuid4(),
        practice_id="p",
        email="Sam@Example.COM",
        given_name="Sam",
        family_name="Jones",
        role=role,
        by=OWNER,
        at=NOW,
    )


def test_opening_a_practice_records_who_and_when() -> None:
    p = practice()
    (event,) = p.collect_events()
    assert isinstance(event, Practice.Opened)
    assert event.actor_id == "owner-1" and event.on_behalf_of is None
    assert event.timestamp == NOW
    assert p.roster == {"owner-1": "owner"}


@pytest.mark.parametrize("slug", ["ab", "Harbor", "-harbor", "harbor-", "har--bor", "a b c", "api"])
def test_a_bad_slug_is_refused(slug: str) -> None:
    with pytest.raises(InvalidValue):
        practice(slug=slug)


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(InvalidValue, match="timezone"):
        practice(timezone="Mars/Olympus")


def test_acting_for_a_provider_is_recorded_on_the_event() -> None:
    p = practice()
    p.rename("Harbor Two", Actor("admin-1", on_behalf_of="provider-9"), NOW)
    event = p.collect_events()[-1]
    assert (event.actor_id, event.on_behalf_of) == ("admin-1", "provider-9")


def test_renaming_to_the_same_name_records_nothing() -> None:
    p = practice()
    p.collect_events()
    p.rename("Harbor", OWNER, NOW)
    assert p.collect_events() == []


def test_settings_change_is_validated_per_group() -> None:
    p = practice()
    p.change_settings("scheduling", {"late_cancel_window_hours": 48}, OWNER, NOW)
    assert p.settings["scheduling"]["late_cancel_window_hours"] == 48
    with pytest.raises(InvalidValue, match="Unknown setting"):
        p.change_settings("scheduling", {"nonsense": 1}, OWNER, NOW)
    with pytest.raises(InvalidValue, match="between"):
        p.change_settings("security", {"staff_idle_timeout_minutes": 0}, OWNER, NOW)
    with pytest.raises(InvalidValue, match="takes a bool"):
        p.change_settings("scheduling", {"planned_absence_enabled": 1}, OWNER, NOW)


@given(st.integers(min_value=-1000, max_value=1000))
def test_idle_timeout_setting_bounds(minutes: int) -> None:
    p = practice()
    if 5 <= minutes <= 720:
        p.change_settings("security", {"staff_idle_timeout_minutes": minutes}, OWNER, NOW)
        assert p.settings["security"]["staff_idle_timeout_minutes"] == minutes
    else:
        with pytest.raises(InvalidValue):
            p.change_settings("security", {"staff_idle_timeout_minutes": minutes}, OWNER, NOW)


def test_archive_refuses_writes_and_resume_restores_the_plan() -> None:
    p = practice(plan=Plan.PROFESSIONAL)
    p.change_plan(Plan.ARCHIVE, OWNER, NOW, active_clients=0)
    with pytest.raises(PlanLimitReached, match="Archive"):
        p.change_settings("scheduling", {"buffer_minutes": 10}, OWNER, NOW)
    p.resume_from_archive(OWNER, NOW)
    assert p.plan == Plan.PROFESSIONAL


def test_admins_cannot_hold_provider_credentials() -> None:
    s = staff(Role.BILLING)
    with pytest.raises(RuleViolation, match="Admins cannot hold provider credentials"):
        s.set_provider_credentials({"npi": "1245319599"}, OWNER, NOW)


def test_a_credentialed_provider_cannot_become_an_admin() -> None:
    s = staff(Role.PROVIDER)
    s.set_provider_credentials({"npi": "1245319599", "license_state": "ME"}, OWNER, NOW)
    with pytest.raises(RuleViolation, match="admin cannot hold provider credentials"):
        s.change_role(Role.SCHEDULER, OWNER, NOW)


def test_staff_email_is_normalised() -> None:
    assert staff().email == "Sam@example.com"


def test_invitation_is_one_time_and_expires() -> None:
    s = staff()
    s.invite("inv-1", OWNER, NOW)
    with pytest.raises(RuleViolation, match="expired"):
        s.accept_invitation("inv-1", Actor("x"), NOW + timedelta(days=8))
    s.accept_invitation("inv-1", Actor("x"), NOW + timedelta(days=1))
    assert s.status == "active"
    with pytest.raises(RuleViolation, match="already been used"):
        s.accept_invitation("inv-1", Actor("x"), NOW + timedelta(days=1))


def test_a_resent_invitation_replaces_the_old_link() -> None:
    s = staff()
    s.invite("inv-1", OWNER, NOW)
    s.invite("inv-2", OWNER, NOW)
    with pytest.raises(RuleViolation):
        s.accept_invitation("inv-1", Actor("x"), NOW)
    s.accept_invitation("inv-2", Actor("x"), NOW)


def test_a_service_fee_is_never_negative() -> None:
    with pytest.raises(InvalidValue, match="never negative"):
        Service.add(
            id=uuid.uuid4(),
            practice_id="p",
            name="Therapy",
            cpt_code="90837",
            duration_minutes=60,
            fee_cents=-1,
            bookable_online=False,
            by=OWNER,
            at=NOW,
        )


def test_in_person_locations_need_an_address_and_others_have_none() -> None:
    with pytest.raises(InvalidValue, match="needs an address"):
        Location.add(
            id=uuid.uuid4(),
            practice_id="p",
            name="Office",
            session_format=SessionFormat.IN_PERSON,
            address=None,
            by=OWNER,
            at=NOW,
        )
    with pytest.raises(InvalidValue, match="Only in-person"):
        Location.add(
            id=uuid.uuid4(),
            practice_id="p",
            name="Video",
            session_format=SessionFormat.VIDEO,
            address=ADDRESS,
            by=OWNER,
            at=NOW,
        )


def test_rooms_have_unique_names_per_location() -> None:
    loc = Location.add(
        id=uuid.uuid4(),
        practice_id="p",
        name="Office",
        session_format=SessionFormat.IN_PERSON,
        address=ADDRESS,
        by=OWNER,
        at=NOW,
    )
    loc.add_room("r1", "Bay", OWNER, NOW)
    with pytest.raises(RuleViolation, match="already has a room"):
        loc.add_room("r2", "bay", OWNER, NOW)


def test_a_released_claim_can_be_taken_by_someone_else() -> None:
    claim = NaturalKeyClaim.claim("practice-slug", "harbor", "p1", OWNER, NOW)
    with pytest.raises(RuleViolation):
        claim.take("p2", OWNER, NOW)
    claim.release(OWNER, NOW)
    claim.take("p2", OWNER, NOW)
    assert claim.owner_id == "p2"


def _npi_with_check_digit(prefix: str) -> str:
    for d in "0123456789":
        try:
            return npi_must_be_valid(prefix + d)
        except InvalidValue:
            continue
    raise AssertionError("no check digit")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9), st.integers(1, 9))
def test_npi_check_digit_catches_any_single_digit_error(prefix: str, pos: int, delta: int) -> None:
    valid = _npi_with_check_digit(prefix)
    wrong = valid[:pos] + str((int(valid[pos]) + delta) % 10) + valid[pos + 1 :]
    with pytest.raises(InvalidValue):
        npi_must_be_valid(wrong)

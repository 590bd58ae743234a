"""The case-level, field-level and portal-role rules of ``domain/access.py``, as
given-when-then specifications, with properties over random teams, roles and records."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import (
    CASE_FIELDS,
    PERSON_FIELDS,
    CaseAccess,
    CaseTeam,
    FieldClass,
    HelpedPerson,
    PortalCase,
    Viewer,
    case_access,
    client_roles_in,
    clinician_scope,
    must_access_case,
    record_access_ceiling,
    redact,
    shown,
    visible_fields,
)
from practicerunner.domain.practice.roles import ADMIN_ROLES, ClientRole, Role

PRACTICE = "practice-a"
OTHER_PRACTICE = "practice-b"
STAFF = [f"staff-{i}" for i in range(8)]
CLINICAL_ROLES = (Role.PROVIDER, Role.ASSOCIATE)
ADMIN_CEILING = {
    Role.COORDINATOR: CaseAccess.ADMINISTRATIVE,
    Role.SCHEDULER: CaseAccess.ADMINISTRATIVE,
    Role.BILLING: CaseAccess.BILLING,
}


def team(providers: Iterable[str] = (), supervisors: Iterable[str] = ()) -> CaseTeam:
    return CaseTeam(PRACTICE, frozenset(providers), frozenset(supervisors))


teams = st.builds(
    CaseTeam,
    practice_id=st.just(PRACTICE),
    provider_ids=st.frozensets(st.sampled_from(STAFF), max_size=4),
    supervisor_ids=st.frozensets(st.sampled_from(STAFF), max_size=3),
)
staff_ids = st.sampled_from(STAFF)


# -- case access: specifications --------------------------------------------------------------


def test_given_a_provider_who_serves_a_case_when_they_open_it_then_they_see_all_of_it() -> None:
    viewer = Viewer(PRACTICE, "pat", Role.PROVIDER)

    assert must_access_case(viewer, team({"pat"})) == CaseAccess.FULL


def test_given_an_associate_who_supervises_a_case_when_they_open_it_then_they_see_it() -> None:
    viewer = Viewer(PRACTICE, "ava", Role.ASSOCIATE)

    assert case_access(viewer, team({"pat"}, {"ava"})) == CaseAccess.FULL


def test_given_a_provider_not_on_a_case_when_they_open_it_then_it_does_not_exist() -> None:
    viewer = Viewer(PRACTICE, "lee", Role.PROVIDER)

    with pytest.raises(NotFound):
        must_access_case(viewer, team({"pat"}, {"ava"}))


def test_given_the_owner_when_they_open_any_case_then_they_see_all_of_it() -> None:
    owner = Viewer(PRACTICE, "olive", Role.OWNER)

    assert must_access_case(owner, team()) == CaseAccess.FULL
    # Acting as a provider never narrows the owner's own reach
    acting = Viewer(PRACTICE, "olive", Role.OWNER, acting_for="pat")
    assert must_access_case(acting, team({"lee"})) == CaseAccess.FULL


@pytest.mark.parametrize(("role", "access"), ADMIN_CEILING.items())
def test_given_an_admin_when_they_open_any_case_then_they_see_only_their_fields(
    role: Role, access: CaseAccess
) -> None:
    viewer = Viewer(PRACTICE, "adm", role)

    assert must_access_case(viewer, team({"pat"})) == access
    assert FieldClass.CLINICAL not in visible_fields(access)


def test_given_billing_acting_for_the_provider_of_a_case_then_they_still_see_no_notes() -> None:
    viewer = Viewer(PRACTICE, "sol", Role.BILLING, acting_for="pat")

    access = must_access_case(viewer, team({"pat"}))

    assert access == CaseAccess.BILLING
    assert redact({"diagnoses": ["F41.1"], "billing_contact_id": "p"}, CASE_FIELDS, access) == {
        "billing_contact_id": "p"
    }


def test_given_a_caller_from_another_practice_then_no_case_of_this_one_exists() -> None:
    for role in Role:
        viewer = Viewer(OTHER_PRACTICE, "pat", role)
        with pytest.raises(NotFound):
            must_access_case(viewer, team({"pat"}))


def test_given_a_provider_then_their_lists_are_bounded_by_their_own_cases() -> None:
    assert clinician_scope(Viewer(PRACTICE, "pat", Role.PROVIDER)) == "pat"
    assert clinician_scope(Viewer(PRACTICE, "olive", Role.OWNER)) is None
    assert clinician_scope(Viewer(PRACTICE, "sol", Role.BILLING, acting_for="pat")) is None


# -- case access: properties ------------------------------------------------------------------


@given(case=teams, staff_id=staff_ids, role=st.sampled_from(CLINICAL_ROLES))
def test_a_clinician_reaches_a_case_iff_they_serve_or_supervise_it(
    case: CaseTeam, staff_id: str, role: Role
) -> None:
    viewer = Viewer(PRACTICE, staff_id, role)
    reaches = staff_id in case.provider_ids or staff_id in case.supervisor_ids

    access = case_access(viewer, case)

    assert access == (CaseAccess.FULL if reaches else CaseAccess.NONE)
    assert clinician_scope(viewer) == staff_id


@given(case=teams, staff_id=staff_ids, role=st.sampled_from(list(Role)), acting=staff_ids)
def test_what_a_viewer_sees_follows_the_role_and_the_team(
    case: CaseTeam, staff_id: str, role: Role, acting: str
) -> None:
    for acting_for in (None, acting):
        viewer = Viewer(PRACTICE, staff_id, role, acting_for=acting_for)
        access = case_access(viewer, case)
        # Never more than the role's ceiling, whoever is acted for
        assert visible_fields(access) <= visible_fields(record_access_ceiling(viewer))
        if role == Role.OWNER:
            assert access == CaseAccess.FULL
        elif role in ADMIN_ROLES:
            assert access == ADMIN_CEILING[role]
        else:
            assert (access != CaseAccess.NONE) == case.includes(acting_for or staff_id)
        # "not found" exactly when there is no access
        if access == CaseAccess.NONE:
            with pytest.raises(NotFound):
                must_access_case(viewer, case)
        else:
            assert must_access_case(viewer, case) == access
        # Another practice's caller reaches nothing, whatever their role and team
        stranger = Viewer(OTHER_PRACTICE, staff_id, role, acting_for=acting_for)
        assert case_access(stranger, case) == CaseAccess.NONE


# -- field-level redaction --------------------------------------------------------------------

field_names = st.sampled_from([*PERSON_FIELDS, *CASE_FIELDS, "unclassified", "extra"])
records = st.dictionaries(field_names, st.integers() | st.none(), max_size=10)
classes = st.dictionaries(field_names, st.sampled_from(list(FieldClass)), max_size=8)
accesses = st.sampled_from(list(CaseAccess))


def test_given_an_unclassified_field_then_only_full_access_sees_it() -> None:
    record = {"given_name": "Ana", "new_field": "secret"}

    for access in CaseAccess:
        visible = redact(record, PERSON_FIELDS, access)
        assert ("new_field" in visible) == (access == CaseAccess.FULL)


def test_given_a_person_record_when_billing_reads_it_then_notes_are_hidden_and_insurance_shown(
) -> None:  # fmt: skip
    record = {"given_name": "Ana", "emails": ["a@x"], "insurance": {"id": 1}, "notes": "n"}

    assert shown(record, PERSON_FIELDS, CaseAccess.BILLING) == {
        "given_name": "Ana",
        "emails": ["a@x"],
        "insurance": {"id": 1},
        "notes": None,
    }
    assert shown(record, PERSON_FIELDS, CaseAccess.ADMINISTRATIVE)["insurance"] is None


@given(record=records, declared=classes, access=accesses)
@settings(max_examples=200)
def test_redact_keeps_exactly_the_fields_the_access_may_see(
    record: dict[str, object], declared: dict[str, FieldClass], access: CaseAccess
) -> None:
    visible = redact(record, declared, access)
    allowed = visible_fields(access)

    assert visible == {
        k: v for k, v in record.items() if declared.get(k, FieldClass.CLINICAL) in allowed
    }
    if access == CaseAccess.FULL:
        assert visible == record
    if access == CaseAccess.NONE:
        assert visible == {}
    fixed = shown(record, declared, access)
    assert list(fixed) == list(record)
    assert all(fixed[k] is None for k in record if k not in visible)


def test_more_access_never_shows_less() -> None:
    none, admin, billing, full = (visible_fields(a) for a in CaseAccess)
    assert none == frozenset()
    assert none < admin < full and none < billing < full
    assert FieldClass.CLINICAL in full - admin - billing


# -- portal roles per case --------------------------------------------------------------------


def portal_case(participants: Iterable[str], billing: Iterable[str] = ()) -> PortalCase:
    return PortalCase("case", frozenset(participants), frozenset(billing))


def helps(person: str, *roles: str, verified: bool = False) -> dict[str, HelpedPerson]:
    return {person: HelpedPerson(person, frozenset(roles), verified)}


def test_given_a_participant_then_they_are_a_participant_of_that_case() -> None:
    assert client_roles_in("ana", portal_case({"ana"}), {}) == {ClientRole.PARTICIPANT}


def test_given_an_unverified_representative_then_they_have_no_role_until_staff_verify_them(
) -> None:  # fmt: skip
    case = portal_case({"kid"})

    assert client_roles_in("mum", case, helps("kid", "representative")) == frozenset()
    assert client_roles_in("mum", case, helps("kid", "representative", verified=True)) == {
        ClientRole.REPRESENTATIVE
    }


def test_given_the_billing_contact_of_a_case_or_of_a_participant_then_they_pay() -> None:
    assert client_roles_in("dad", portal_case({"kid"}, {"dad"}), {}) == {ClientRole.BILLING_CONTACT}
    assert client_roles_in("dad", portal_case({"kid"}), helps("kid", "billing_contact")) == {
        ClientRole.BILLING_CONTACT
    }


def test_given_helpers_of_a_participant_then_they_schedule_or_receive_messages() -> None:
    helped = helps("ana", "scheduling_helper", "message_recipient")

    assert client_roles_in("sam", portal_case({"ana"}), helped) == {
        ClientRole.SCHEDULING_HELPER,
        ClientRole.MESSAGE_RECIPIENT,
    }


def test_given_a_helper_of_someone_who_is_not_in_the_case_then_they_have_no_role_in_it() -> None:
    helped = helps("ana", "representative", "billing_contact", "scheduling_helper", verified=True)

    assert client_roles_in("sam", portal_case({"ben"}), helped) == frozenset()


people = st.sampled_from(["ana", "ben", "kid", "mum", "dad", "sam"])
helper_roles = st.frozensets(
    st.sampled_from(["representative", "billing_contact", "scheduling_helper", "message_recipient"])
)


@given(
    person=people,
    participants=st.frozensets(people, max_size=3),
    billing=st.frozensets(people, max_size=2),
    helped=st.dictionaries(people, st.tuples(helper_roles, st.booleans()), max_size=3),
)
def test_portal_roles_come_only_from_the_case_and_whom_the_person_helps_in_it(
    person: str,
    participants: frozenset[str],
    billing: frozenset[str],
    helped: dict[str, tuple[frozenset[str], bool]],
) -> None:
    links = {p: HelpedPerson(p, roles, verified) for p, (roles, verified) in helped.items()}
    case = PortalCase("case", participants, billing)
    in_case = {p: links[p] for p in participants if p in links}

    roles = client_roles_in(person, case, links)

    assert (ClientRole.PARTICIPANT in roles) == (person in participants)
    assert (ClientRole.REPRESENTATIVE in roles) == any(
        "representative" in link.roles and link.verified_representative for link in in_case.values()
    )
    assert (ClientRole.BILLING_CONTACT in roles) == (
        person in billing or any("billing_contact" in link.roles for link in in_case.values())
    )
    for role in (ClientRole.SCHEDULING_HELPER, ClientRole.MESSAGE_RECIPIENT):
        assert (role in roles) == any(role.value in link.roles for link in in_case.values())
    # Whom the person helps outside the case changes nothing in it
    assert client_roles_in(person, case, in_case) == roles
    # And a case the person neither takes part in, pays for, nor helps in gives no role
    if person not in participants and person not in billing and not in_case:
        assert roles == frozenset()

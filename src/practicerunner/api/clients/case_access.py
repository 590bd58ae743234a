"""Case-level access in the API: who may see (or change) which case, appointment and person,
built from the read models and ``domain/access.py``.

* Reads: a list is narrowed in SQL to the cases the caller's clinician reaches (providers and
  associates; owners and admins see the whole practice); a single record the caller may not
  see answers 404, never 403, so its existence does not leak. Fields are redacted by class.
* Writes: ``guard_command`` runs before a command handler and applies the same rule to every
  case, appointment or person the command names (path or body). The case itself is read from
  the event store (no read-model lag: a provider who just opened a case can change it at
  once); who else serves or supervises it comes from the read models.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request

from practicerunner.api.auth import Principal
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import (
    CaseAccess,
    CaseTeam,
    HelpedPerson,
    PortalCase,
    Viewer,
    client_roles_in,
    clinician_scope,
    must_access_case,
    record_access_ceiling,
)
from practicerunner.domain.practice.roles import ClientRole
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.projections.scheduling.queries import SchedulingReadModels


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(
        practice_id=str(principal.practice_id),
        staff_id=principal.staff_id,
        role=principal.role,
        acting_for=principal.on_behalf_of,
    )


def scope_of(principal: Principal) -> str | None:
    """The clinician whose cases bound the caller's lists (None: the whole practice)."""
    return clinician_scope(viewer_of(principal))


def access_category(access: CaseAccess) -> str:
    """The access-log category of a read made with this access."""
    return "billing" if access == CaseAccess.BILLING else "clinical"


def _team(
    rm: SchedulingReadModels,
    practice_id: str,
    case_id: str,
    providers: set[str] | None = None,
    supervisors: set[str] | None = None,
) -> CaseTeam:
    known = rm.case_team(practice_id, case_id)
    served, supervised = known if known is not None else (set(), set())
    served = served | (providers or set())
    supervised = supervised | (supervisors or set())
    if providers:
        with rm.db.read() as tx:
            supervised |= rm.default_supervisors(tx, providers)
    return CaseTeam(practice_id, frozenset(served), frozenset(supervised))


def case_access_or_404(principal: Principal, rm: SchedulingReadModels, case_id: str) -> CaseAccess:
    """The caller's access to a case they read, or 404 (also for a case that does not
    exist, or belongs to another practice)."""
    practice_id = str(principal.practice_id)
    if rm.case_team(practice_id, case_id) is None:
        raise NotFound("No case with that id.")
    return must_access_case(viewer_of(principal), _team(rm, practice_id, case_id))


def person_access_or_404(
    principal: Principal, rm: SchedulingReadModels, person_id: str
) -> CaseAccess:
    """The caller's access to a person's record: a clinician reaches the people of the cases
    they reach (and people in no case yet); other roles the whole practice. Fields follow
    the caller's role."""
    clinician = scope_of(principal)
    if clinician is not None and not rm.person_reachable(
        str(principal.practice_id), person_id, clinician
    ):
        raise NotFound("No person with that id.")
    return record_access_ceiling(viewer_of(principal))


# -- commands ---------------------------------------------------------------------------------


def _case_from_store(rt: Runtime, principal: Principal, case_id: Any) -> Case:
    case = load(rt.stores.scheduling, Case, case_id, principal.practice_id)
    return case


def guard_case(rt: Runtime, rm: SchedulingReadModels, principal: Principal, case_id: Any) -> None:
    if scope_of(principal) is None:
        return  # practice-wide reach: the handler's own tenant check decides
    case = _case_from_store(rt, principal, case_id)
    supervisors = {s for s in (case.supervisor_id,) if s is not None}
    team = _team(rm, str(principal.practice_id), str(case.id), set(case.provider_ids), supervisors)
    must_access_case(viewer_of(principal), team)


def guard_appointment(
    rt: Runtime, rm: SchedulingReadModels, principal: Principal, appointment_id: Any
) -> None:
    if scope_of(principal) is None:
        return
    appointment = load(rt.stores.scheduling, Appointment, appointment_id, principal.practice_id)
    case = _case_from_store(rt, principal, appointment.case_id)
    providers = {*case.provider_ids, appointment.provider_id}
    supervisors = {s for s in (case.supervisor_id, appointment.supervisor_id) if s is not None}
    team = _team(rm, str(principal.practice_id), str(case.id), providers, supervisors)
    try:
        must_access_case(viewer_of(principal), team)
    except NotFound:
        raise NotFound("No appointment with that id.") from None


def guard_person(
    rt: Runtime, rm: SchedulingReadModels, principal: Principal, person_id: Any
) -> None:
    if scope_of(principal) is None:
        return
    person_access_or_404(principal, rm, str(person_id))


def guard_command(
    rt: Runtime, rm: SchedulingReadModels, principal: Principal, values: dict[str, Any]
) -> None:
    """Case-level access for a command: every case, appointment and person it names must be
    one the caller reaches; otherwise 404, and nothing is written."""
    if scope_of(principal) is None:
        return
    if values.get("case_id"):
        guard_case(rt, rm, principal, values["case_id"])
    if values.get("appointment_id"):
        guard_appointment(rt, rm, principal, values["appointment_id"])
    people: list[UUID] = [*values.get("participant_ids", [])]
    for key in ("person_id", "other_person_id", "helper_id", "billing_contact_id"):
        if values.get(key):
            people.append(values[key])
    for person_id in people:
        guard_person(rt, rm, principal, person_id)


def case_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    """The ``guard`` of every client, case and schedule command route."""
    rt: Runtime = request.app.state.runtime
    guard_command(rt, SchedulingReadModels(rt.engine), principal, values)


def feed_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    """Calendar feeds: a provider or associate manages their own feed and the feeds of
    clients they reach; the owner and admins any in the practice."""
    clinician = scope_of(principal)
    if clinician is None:
        return
    owner_kind = str(getattr(values["owner_kind"], "value", values["owner_kind"]))
    if owner_kind == "provider":
        if str(values["owner_id"]) != clinician:
            raise NotFound("No provider with that id.")
        return
    rt: Runtime = request.app.state.runtime
    guard_person(rt, SchedulingReadModels(rt.engine), principal, values["owner_id"])


# -- the portal -------------------------------------------------------------------------------


def portal_roles(
    rm: SchedulingReadModels, practice_id: str, person_id: str
) -> dict[str, frozenset[ClientRole]]:
    """A portal person's roles per case (cases where they have none are left out), from the
    cases and people read models; ``permissions.client_roles_may`` then says what each case
    lets them do."""
    links = rm.portal_links(practice_id, person_id)
    helped = {
        pid: HelpedPerson(
            person_id=pid,
            roles=frozenset(row["helpers"].get(person_id, [])),
            verified_representative=person_id in row["verified_representatives"],
        )
        for pid, row in links["helped"].items()
    }
    roles: dict[str, frozenset[ClientRole]] = {}
    for case in links["cases"]:
        if case["status"] != "open":
            continue
        payers = {case["billing_contact_id"], *case["participant_billing_contacts"].values()}
        found = client_roles_in(
            person_id,
            PortalCase(
                case_id=case["case_id"],
                participant_ids=frozenset(case["participant_ids"]),
                billing_contact_ids=frozenset(payers - {None}),
            ),
            helped,
        )
        if found:
            roles[case["case_id"]] = found
    return roles

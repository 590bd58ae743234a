"""The portal resolver: a person's roles per case decide what the portal shows them."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.api.clients.case_access import portal_roles
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import ClientRole
from practicerunner.projections.scheduling.queries import SchedulingReadModels
from tests.support.passkeys import caught_up
from tests.support.problems import refusal
from tests.support.scheduling import Practice, book, open_case, person, ready_practice


def portal_headers(rt: Runtime, p: Practice, person_id: str) -> dict[str, str]:
    token, _ = rt.sessions.start(
        kind="portal", practice_id=str(p.tenant.practice_id), subject_id=person_id,
        method="test", idle_timeout=timedelta(minutes=15), lifetime=timedelta(hours=12),
        now=rt.clock.now(),
    )  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


def test_each_role_sees_what_it_may_and_nothing_else(runtime: Runtime, client: TestClient) -> None:
    p = ready_practice(runtime)
    kid = person(client, p, "Kid", "Kline")
    parent = person(client, p, "Pat", "Kline")
    helper = person(client, p, "Sam", "Helper")
    payer = person(client, p, "Bill", "Payer")
    stranger = person(client, p, "Stan", "Ger")
    for helper_id, role in [(parent, "representative"), (helper, "scheduling_helper")]:
        r = client.post(
            f"/people/{kid}/add-helper", json={"helper_id": helper_id, "role": role},
            headers=p.headers,
        )  # fmt: skip
        assert r.is_success, r.text
    case_id = open_case(client, p, "individual", [kid], billing_contact_id=payer)
    r = client.post(
        f"/cases/{case_id}/record-diagnosis",
        json={"person_id": kid, "code": "F90.0", "diagnosed_on": "2026-03-01"},
        headers=p.headers,
    )
    assert r.is_success, r.text
    appointment = book(client, p, case_id, "2026-03-09T15:00:00Z").json()["id"]
    caught_up(runtime)

    rm = SchedulingReadModels(runtime.engine)
    practice_id = str(p.tenant.practice_id)
    assert portal_roles(rm, practice_id, kid) == {case_id: {ClientRole.PARTICIPANT}}
    assert portal_roles(rm, practice_id, helper) == {case_id: {ClientRole.SCHEDULING_HELPER}}
    assert portal_roles(rm, practice_id, payer) == {case_id: {ClientRole.BILLING_CONTACT}}
    assert portal_roles(rm, practice_id, parent) == {}  # not verified yet
    assert portal_roles(rm, practice_id, stranger) == {}

    def seen(who: str) -> list[dict[str, object]]:
        r = client.get("/portal/appointments", headers=portal_headers(runtime, p, who))
        assert r.status_code == 200, r.text
        assert "F90" not in r.text  # never a diagnosis
        return list(r.json()["items"])

    assert [a["appointment_id"] for a in seen(kid)] == [appointment]
    helper_view = seen(helper)
    assert [a["appointment_id"] for a in helper_view] == [appointment]
    assert helper_view[0]["your_roles"] == ["scheduling_helper"]
    assert not {"fee_cents", "billing_contact_id", "invoice", "balance"} & set(helper_view[0])
    assert seen(payer) == []  # a billing contact sees no schedule (and no clinical data)
    assert seen(parent) == []
    assert seen(stranger) == []

    r = client.post(
        f"/people/{kid}/verify-representative", json={"helper_id": parent}, headers=p.headers
    )
    assert r.is_success, r.text
    caught_up(runtime)
    assert portal_roles(rm, practice_id, parent) == {case_id: {ClientRole.REPRESENTATIVE}}
    assert [a["appointment_id"] for a in seen(parent)] == [appointment]

    # Staff sessions cannot use the portal route.
    refusal(client.get("/portal/appointments", headers=p.headers), 403, "forbidden")

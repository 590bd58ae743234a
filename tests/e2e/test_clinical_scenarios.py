"""Notes, supervision and tasks through the HTTP API, as a practice lives them: an associate
writes and submits a session's note, the right supervisor gets exactly one review task and
co-signs it from the queue; a signed note takes only addenda; a completed session without a
note opens a task after 48 hours that closes when the note is signed."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Plan, Role
from tests.support.clinical import COMPLETE, Clinic, open_clinic
from tests.support.problems import refusal

PROBLEM = "https://practicerunner.org/problems/"


def _reviews(c: Clinic, who: str) -> list[dict]:
    r = c.get(who, "/tasks?assignee=me&type=supervision_review")
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_an_associate_s_note_goes_to_the_owner_once_and_co_signing_closes_the_review(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.PROFESSIONAL, "solo-therapy")
    ada = c.hire("ada", Role.ASSOCIATE)
    case = c.client_case("owner", ada, "Sam")
    session = c.completed_session("ada", case, ada)
    note = c.written_note("ada", session, COMPLETE)

    # Autosave from a second editor still holding version 1 is refused, and changes nothing.
    stale = c.post("ada", f"/notes/{note}/draft", {"content": {"plan": "x"}}, **{"If-Match": '"1"'})
    refusal(stale, 412, "version-mismatch")
    assert stale.json()["type"] == PROBLEM + "version-mismatch"
    # The associate cannot sign alone: supervised work is co-signed.
    alone = c.post("ada", f"/notes/{note}/sign")
    refusal(alone, 422, "review-required")
    assert alone.json()["type"] == PROBLEM + "review-required"

    submitted = c.ok("ada", f"/notes/{note}/submit")
    assert submitted["extra"]["reviewer_id"] == c.owner_id
    c.idle()
    attention = c.get("owner", "/attention")
    assert attention.json()["counts"] == {"supervision_review": 1}
    etag = attention.headers["ETag"]
    assert c.get("owner", "/attention", **{"If-None-Match": etag}).status_code == 304
    (review,) = _reviews(c, "owner")
    assert review["subject_id"] == note and review["assignee"]["id"] == c.owner_id
    assert _reviews(c, "ada") == []
    queue = c.get("owner", "/review-queue").json()["items"]
    assert [n["note_id"] for n in queue] == [note]
    # The author sees it waiting; while it waits, the draft cannot change.
    waiting = c.post("ada", f"/notes/{note}/draft", {"content": COMPLETE})
    refusal(waiting, 409, "note-under-review")
    assert waiting.json()["type"] == PROBLEM + "note-under-review"
    # Only the supervisor co-signs.
    not_mine = c.post("ada", f"/notes/{note}/co-sign")
    refusal(not_mine, 403, "forbidden")  # associates do not hold notes.review

    signed = c.ok("owner", f"/notes/{note}/co-sign")
    c.idle()
    after = c.get("owner", "/attention", **{"If-None-Match": etag})
    assert after.status_code == 200 and after.json()["total"] == 0
    assert _reviews(c, "owner") == []
    shown = c.get("ada", f"/notes/{note}?after={signed['position']}").json()
    assert (shown["status"], shown["signed_by"], shown["cosigned_by"]) == (
        "signed", ada, c.owner_id,
    )  # fmt: skip
    assert shown["reviews"][0]["outcome"] == "co-signed"
    assert c.get("owner", "/review-queue").json()["items"] == []


def test_a_signed_note_changes_only_by_a_dated_addendum(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.PROFESSIONAL, "solo-therapy")
    case = c.client_case("owner", c.owner_id, "Kai")
    session = c.completed_session("owner", case, c.owner_id)
    note = c.written_note("owner", session, COMPLETE)
    c.ok("owner", f"/notes/{note}/sign")
    for path, body in [
        ("draft", {"content": {**COMPLETE, "plan": "Changed afterwards."}}),
        ("sign", None),
        ("submit", None),
    ]:
        r = c.post("owner", f"/notes/{note}/{path}", body)
        refusal(r, 409, "note-locked")
        assert r.json()["type"] == PROBLEM + "note-locked"
    added = c.ok("owner", f"/notes/{note}/addenda", {"text": "Client called: sleep worse again."})
    shown = c.get("owner", f"/appointments/{session}/note?after={added['position']}").json()
    assert shown["content"] == COMPLETE  # the signed text is unchanged
    assert [a["text"] for a in shown["addenda"]] == ["Client called: sleep worse again."]
    assert shown["addenda"][0]["at"].startswith(clock.now().date().isoformat())
    empty = c.post("owner", f"/notes/{note}/addenda", {"text": "   "})
    refusal(empty, 422, "validation-error")
    assert empty.json()["type"] == PROBLEM + "validation-error"


def test_a_case_level_supervisor_overrides_the_default_on_another_case(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    ada = c.hire("ada", Role.ASSOCIATE)
    jonah = c.hire("jonah", Role.PROVIDER)
    plain = c.client_case("owner", ada, "Sam")
    supervised = c.client_case("owner", ada, "Kai", supervisor_id=jonah)
    for case in (plain, supervised):
        note = c.written_note("ada", c.completed_session("ada", case, ada), COMPLETE)
        c.ok("ada", f"/notes/{note}/submit")
    c.idle()
    (to_owner,), (to_jonah,) = _reviews(c, "owner"), _reviews(c, "jonah")
    assert to_owner["case_id"] is None or to_owner["case_id"] == plain
    jonah_note = to_jonah["subject_id"]
    assert c.get("jonah", f"/notes/{jonah_note}").json()["case_id"] == supervised
    # Jonah supervises only that case: the other note does not exist for him.
    refusal(c.get("jonah", f"/notes/{to_owner['subject_id']}"), 404, "not-found")
    refusal(c.post("jonah", f"/notes/{to_owner['subject_id']}/co-sign"), 404, "not-found")
    c.ok("jonah", f"/notes/{jonah_note}/co-sign")
    c.idle()
    assert _reviews(c, "jonah") == [] and len(_reviews(c, "owner")) == 1


def test_a_completed_session_without_a_note_opens_a_task_after_48_hours_closed_by_signing(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    jonah = c.hire("jonah", Role.PROVIDER)
    case = c.client_case("owner", jonah, "Sam")
    session = c.completed_session("jonah", case, jonah)
    c.idle()
    clock.advance(timedelta(hours=47))
    c.idle()
    assert c.get("jonah", "/tasks?type=missing_note").json()["items"] == []
    clock.advance(timedelta(hours=2))
    c.idle()
    (task,) = c.get("jonah", "/tasks?type=missing_note").json()["items"]
    assert task["subject_id"] == session and task["assignee"]["id"] == jonah
    assert c.get("jonah", "/attention").json()["counts"] == {"missing_note": 1}
    # The owner's practice-wide view counts it too; a provider may not ask for that view.
    assert c.get("owner", "/attention?scope=practice").json()["counts"] == {"missing_note": 1}
    refusal(c.get("jonah", "/attention?scope=practice"), 403, "forbidden")

    note = c.written_note("jonah", session, COMPLETE)
    c.ok("jonah", f"/notes/{note}/sign")
    c.idle()
    assert c.get("jonah", "/tasks?type=missing_note").json()["items"] == []
    (done,) = c.get("jonah", "/tasks?type=missing_note&status=resolved").json()["items"]
    assert done["task_id"] == task["task_id"] and done["resolved_automatically"]
    clock.advance(timedelta(days=5))
    c.idle()
    assert c.get("jonah", "/tasks?type=missing_note&status=any").json()["items"] == [done]


def test_staff_tasks_are_commented_resolved_and_reopened_by_whoever_they_reach(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    jonah = c.hire("jonah", Role.PROVIDER)
    c.hire("billy", Role.BILLING)
    case = c.client_case("owner", jonah, "Sam")
    made = c.ok(
        "owner",
        "/tasks",
        {"title": "Call about the intake", "assignee": {"kind": "role", "id": "billing"},
         "case_id": case, "due_at": (clock.now() + timedelta(days=1)).isoformat()},
    )  # fmt: skip
    task = made["id"]
    c.idle()
    (listed,) = c.get("billy", f"/tasks?case_id={case}").json()["items"]
    assert listed["title"] == "Call about the intake"
    assert c.get("billy", "/attention").json()["counts"] == {"to_do": 1}
    # A provider sees their own and their role's tasks only.
    refusal(c.get("jonah", f"/tasks/{task}"), 404, "not-found")
    refusal(c.post("jonah", f"/tasks/{task}/resolve", {}), 404, "not-found")
    refusal(c.get("jonah", "/tasks?assignee=role:billing"), 403, "forbidden")

    c.ok("billy", f"/tasks/{task}/comment", {"text": "Left a voicemail."}, **{"If-Match": '"1"'})
    c.ok("billy", f"/tasks/{task}/resolve", {"resolution": "Booked."})
    again = c.post("billy", f"/tasks/{task}/resolve", {})
    refusal(again, 422, "rule-violation")
    assert again.json()["reason"] == "task-resolved"
    reopened = c.ok("billy", f"/tasks/{task}/reopen")
    shown = c.get("billy", f"/tasks/{task}?after={reopened['position']}").json()
    assert shown["status"] == "open" and [x["text"] for x in shown["comments"]] == [
        "Left a voicemail."
    ]
    bad = c.post("owner", "/tasks", {"title": "x", "assignee": {"kind": "role", "id": "chef"}})
    refusal(bad, 422, "invalid-value")
    assert bad.json()["type"] == PROBLEM + "invalid-value"


def test_the_practice_sets_how_long_a_note_may_wait_within_bounds(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    assert c.get("owner", "/practice").json()["settings"]["documents_forms"][
        "missing_note_after_hours"
    ] == 48  # fmt: skip
    for wrong in (0, 337, "24"):
        r = c.post(
            "owner", "/practice/change-settings",
            {"group": "documents_forms", "values": {"missing_note_after_hours": wrong}},
        )  # fmt: skip
        refusal(r, 422, "invalid-value")
        assert r.json()["type"] == PROBLEM + "invalid-value", r.text
    c.ok(
        "owner", "/practice/change-settings",
        {"group": "documents_forms", "values": {"missing_note_after_hours": 24}},
    )  # fmt: skip
    jonah = c.hire("jonah", Role.PROVIDER)
    session = c.completed_session("jonah", c.client_case("owner", jonah, "Sam"), jonah)
    c.idle()
    clock.advance(timedelta(hours=23))
    c.idle()
    assert c.get("jonah", "/tasks?type=missing_note").json()["items"] == []
    clock.advance(timedelta(hours=2))
    c.idle()
    (task,) = c.get("jonah", "/tasks?type=missing_note").json()["items"]
    assert task["subject_id"] == session

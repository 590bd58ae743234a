"""Tasks and the automatic-source mechanism as specifications."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from practicerunner.domain.base import Actor
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.tasks.automatic import NotWanted, reconcile
from practicerunner.domain.tasks.sources import missing_notes, representatives, supervision_reviews
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject, Task, TaskStatus
from tests.support.specs import given, history, names, when

STAFF = Actor("coordinator-1")
SERVICE = Actor.service("automatic-tasks")
AT = datetime(2026, 3, 2, 15, tzinfo=UTC)
COMPLETED = datetime(2026, 3, 2, 11, tzinfo=UTC)


def manual_task() -> Task:
    task = Task.open(
        id=uuid.uuid4(),
        practice_id="p",
        task_type="call_back",
        source="staff",
        title="Call back about the insurance card",
        subject=Subject("person", "ann", "ann"),
        assignee=Assignee.role("coordinator"),
        due_at=AT + timedelta(days=1),
        priority=Priority.NORMAL,
        by=STAFF,
        at=AT,
    )
    return given(history(task))


def session(**kwargs: object) -> missing_notes.SessionFacts:
    values: dict = dict(
        appointment_id="appt",
        case_id="case",
        provider_id="assoc",
        completed_at=COMPLETED,
        note_signed=False,
    )
    values.update(kwargs)
    return missing_notes.SessionFacts(**values)


def test_staff_tasks_are_commented_resolved_and_reopened() -> None:
    task = manual_task()
    assert names(when(task, lambda t: t.comment("Left a voicemail.", STAFF, AT))) == ["Commented"]
    with pytest.raises(InvalidValue):
        task.comment("  ", STAFF, AT)
    assert names(when(task, lambda t: t.resolve("Card received.", STAFF, AT))) == ["Resolved"]
    with pytest.raises(RuleViolation):
        task.resolve(None, STAFF, AT)
    assert names(when(task, lambda t: t.reopen(STAFF, AT))) == ["Reopened"]
    assert task.status == TaskStatus.OPEN and task.comments[0]["text"] == "Left a voicemail."
    assert when(task, lambda t: t.reassign(Assignee.role("coordinator"), STAFF, AT)) == []
    assert names(when(task, lambda t: t.reassign(Assignee.staff("s2"), STAFF, AT))) == [
        "Reassigned"
    ]


def test_a_due_time_without_its_offset_is_refused() -> None:
    with pytest.raises(InvalidValue):
        manual_task().reschedule(datetime(2026, 3, 5, 9), STAFF, AT)


def test_missing_note_opens_after_the_window_for_the_clinician_and_resolves_when_signed() -> None:
    key = missing_notes.subject_key("appt")
    source = missing_notes.SOURCE
    early = missing_notes.assess(session(), COMPLETED + timedelta(hours=47), 48)
    assert reconcile(None, source, key, "p", early, SERVICE, AT) is None
    due = missing_notes.assess(session(), COMPLETED + timedelta(hours=48), 48)
    task = reconcile(None, source, key, "p", due, SERVICE, AT)
    assert task is not None and task.id == source.task_id(key)
    assert task.assignee == {"kind": "staff", "id": "assoc"} and task.task_type == "missing_note"
    assert task.due_at == COMPLETED + timedelta(hours=48)
    task = given(history(task))
    again = reconcile(task, source, key, "p", due, SERVICE, AT)
    assert again is task and history(task) == []  # asked twice: still one task, nothing new
    signed = missing_notes.assess(session(note_signed=True), AT, 48)
    reconcile(task, source, key, "p", signed, SERVICE, AT)
    events = history(task)
    assert names(events) == ["Resolved"] and events[0].automatically
    assert task.resolution == "The note is signed."


def test_a_review_is_one_task_per_submission_that_moves_with_the_supervisor() -> None:
    source = supervision_reviews.SOURCE
    note = supervision_reviews.NoteFacts("n1", "case", "submitted", 1, "owner", AT)
    key1 = supervision_reviews.subject_key("n1", 1)
    task = reconcile(None, source, key1, "p", supervision_reviews.assess(note, 1), SERVICE, AT)
    assert task is not None and task.assignee["id"] == "owner"
    task = given(history(task))
    moved = supervision_reviews.NoteFacts("n1", "case", "submitted", 1, "senior", AT)
    reconcile(task, source, key1, "p", supervision_reviews.assess(moved, 1), SERVICE, AT)
    assert names(history(task)) == ["Reassigned"] and task.assignee["id"] == "senior"
    returned = supervision_reviews.NoteFacts("n1", "case", "draft", 1, "senior", AT)
    reconcile(task, source, key1, "p", supervision_reviews.assess(returned, 1), SERVICE, AT)
    assert task.status == TaskStatus.RESOLVED
    resubmitted = supervision_reviews.NoteFacts("n1", "case", "submitted", 2, "senior", AT)
    # The first submission's task stays resolved; the second is another task.
    assert isinstance(supervision_reviews.assess(resubmitted, 1), NotWanted)
    key2 = supervision_reviews.subject_key("n1", 2)
    assert source.task_id(key2) != source.task_id(key1)


def test_a_dismissed_task_stays_dismissed_but_a_cause_that_returns_reopens_it() -> None:
    source = representatives.SOURCE
    key = representatives.subject_key("minor", "parent")
    waiting = representatives.RepresentativeFacts(
        "minor", "parent", True, False, Assignee.role("coordinator")
    )
    task = reconcile(None, source, key, "p", representatives.assess(waiting), SERVICE, AT)
    assert task is not None
    history(task)
    task.resolve("Checked by phone; verifying tomorrow.", STAFF, AT)
    history(task)
    reconcile(task, source, key, "p", representatives.assess(waiting), SERVICE, AT)
    assert task.status == TaskStatus.RESOLVED and history(task) == []
    gone = representatives.RepresentativeFacts(
        "minor", "parent", False, False, Assignee.role("coordinator")
    )
    reconcile(task, source, key, "p", representatives.assess(gone), SERVICE, AT)
    assert history(task) == []  # already resolved
    task.reopen(STAFF, AT)
    reconcile(task, source, key, "p", representatives.assess(gone), SERVICE, AT)
    assert task.resolved_automatically
    reconcile(task, source, key, "p", representatives.assess(waiting), SERVICE, AT)
    assert names(history(task))[-1] == "Reopened" and task.status == TaskStatus.OPEN


FACTS = st.builds(
    missing_notes.SessionFacts,
    appointment_id=st.just("appt"),
    case_id=st.just("case"),
    provider_id=st.sampled_from(["a", "b"]),
    completed_at=st.none() | st.just(COMPLETED),
    note_signed=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@hypothesis_given(st.lists(st.tuples(FACTS, st.integers(0, 100)), min_size=1, max_size=12))
def test_reconciling_any_sequence_leaves_the_task_as_the_last_facts_want(
    steps: list[tuple[missing_notes.SessionFacts, int]],
) -> None:
    """Triggers come late, twice, or out of order: only the latest facts decide, and there is
    never more than the one task."""
    source, key, task = missing_notes.SOURCE, "appt", None
    for facts, hours in steps:
        assessment = missing_notes.assess(facts, COMPLETED + timedelta(hours=hours), 48)
        task = reconcile(task, source, key, "p", assessment, SERVICE, AT) or task
        if task is not None:
            assert task.id == source.task_id(key)
            history(task)
    last, hours = steps[-1]
    wanted = not isinstance(
        missing_notes.assess(last, COMPLETED + timedelta(hours=hours), 48), NotWanted
    )
    assert (task is not None and task.is_open) == wanted
    if wanted:
        assert task is not None and task.assignee["id"] == last.provider_id

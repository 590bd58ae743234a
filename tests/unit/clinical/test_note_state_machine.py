"""The note's life as a state machine, explored by Hypothesis: whatever anyone tries in
whatever order, a signed note's content never changes, only drafts are edited, a refusal
records nothing, submissions count up, and the recorded events rebuild the same note."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from practicerunner.domain.base import Actor
from practicerunner.domain.clinical.notes import ClinicalNote, NoteStatus
from practicerunner.domain.clinical.templates import NoteKind, fields_for
from practicerunner.domain.errors import DomainError
from tests.support.specs import given

AUTHOR, SUPERVISOR, STRANGER = Actor("author"), Actor("supervisor"), Actor("stranger")
PEOPLE = st.sampled_from([AUTHOR, SUPERVISOR, STRANGER])
TEXT = st.sampled_from(["", "Calm.", "Worse sleep.", "Plan: continue weekly."])
CONTENT = st.fixed_dictionaries(
    {}, optional={"subjective": TEXT, "assessment": TEXT, "plan": TEXT, "objective": TEXT}
)


class NoteLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.at = datetime(2026, 1, 5, 9, tzinfo=UTC)
        self.note = ClinicalNote.start(
            id=uuid.uuid4(),
            practice_id="p",
            case_id="c",
            appointment_id="a",
            kind=NoteKind.PROGRESS,
            fields=fields_for(NoteKind.PROGRESS, True),
            participants=["x"],
            psychotherapy=True,
            by=AUTHOR,
            at=self.at,
        )
        self.events: list[Any] = list(self.note.collect_events())
        self.signed_content: dict[str, str] | None = None
        self.last_submission = 0

    def _try(self, action: Any) -> bool:
        self.at += timedelta(minutes=1)
        before = (self.note.status, dict(self.note.content), self.note.version)
        try:
            action()
        except DomainError:
            assert (self.note.status, self.note.content, self.note.version) == before
            return False
        finally:
            self.events += list(self.note.collect_events())
        return True

    @rule(who=PEOPLE, content=CONTENT)
    def save_draft(self, who: Actor, content: dict[str, str]) -> None:
        was = self.note.status
        if self._try(lambda: self.note.save_draft(content, None, who, self.at)):
            assert was == NoteStatus.DRAFT and who == AUTHOR

    @rule()
    def write_a_complete_draft(self) -> None:
        complete = {"subjective": "Calm.", "assessment": "Stable.", "plan": "Weekly."}
        self._try(lambda: self.note.save_draft(complete, None, AUTHOR, self.at))

    @rule(who=PEOPLE, supervised=st.booleans())
    def sign(self, who: Actor, supervised: bool) -> None:
        supervisor = SUPERVISOR.id if supervised else None
        if self._try(lambda: self.note.sign(who, self.at, supervisor_id=supervisor)):
            assert not supervised and who == AUTHOR

    @rule(who=PEOPLE, reviewer=st.sampled_from([SUPERVISOR.id, STRANGER.id, AUTHOR.id]))
    def submit(self, who: Actor, reviewer: str) -> None:
        if self._try(lambda: self.note.submit_for_review(reviewer, who, self.at)):
            assert self.note.submission == self.last_submission + 1 and reviewer != AUTHOR.id
            self.last_submission = self.note.submission

    @rule(who=PEOPLE)
    def co_sign(self, who: Actor) -> None:
        reviewer = self.note.reviewer_id
        if self._try(lambda: self.note.co_sign(who, self.at)):
            assert who.id == reviewer and self.note.cosigned_by == who.id

    @rule(who=PEOPLE, comments=st.sampled_from(["", "Add the risk assessment."]))
    def return_it(self, who: Actor, comments: str) -> None:
        if self._try(lambda: self.note.return_for_changes(comments, who, self.at)):
            assert comments and self.note.status == NoteStatus.DRAFT

    @rule(who=PEOPLE)
    def change_reviewer(self, who: Actor) -> None:
        self._try(lambda: self.note.change_reviewer(STRANGER.id, who, self.at))

    @rule(who=PEOPLE)
    def addendum(self, who: Actor) -> None:
        count = len(self.note.addenda)
        if self._try(lambda: self.note.add_addendum("Later context.", who, self.at)):
            assert self.note.status == NoteStatus.SIGNED and len(self.note.addenda) == count + 1

    @invariant()
    def signed_content_never_changes(self) -> None:
        if self.note.status == NoteStatus.SIGNED:
            if self.signed_content is None:
                self.signed_content = dict(self.note.content)
                assert not self.note.missing_required()
            assert self.note.content == self.signed_content
        else:
            assert self.signed_content is None  # nothing ever unlocks a signed note

    @invariant()
    def history_rebuilds_the_same_note(self) -> None:
        rebuilt = given(self.events)
        for attribute in (
            "status",
            "content",
            "submission",
            "reviewer_id",
            "signed_by",
            "cosigned_by",
            "addenda",
            "reviews",
            "version",
        ):
            assert getattr(rebuilt, attribute) == getattr(self.note, attribute)


NoteLife.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_note_life = NoteLife.TestCase

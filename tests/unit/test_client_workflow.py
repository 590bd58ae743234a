"""The workflow rule: the most pressing step wins, and a state holds exactly while its cause
does (hypothesis over every combination of facts)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from practicerunner.domain.clients.workflow import (
    CHECKS,
    Step,
    WorkflowFacts,
    WorkflowState,
    next_step,
)

facts = st.builds(
    WorkflowFacts,
    has_contact=st.booleans(),
    has_open_case=st.booleans(),
    next_appointment_at=st.none() | st.just("2026-03-05T15:00:00+00:00"),
    ever_booked=st.booleans(),
    attention=st.lists(st.fixed_dictionaries({"title": st.text(min_size=1, max_size=20)}),
                       max_size=3).map(tuple),
    is_client=st.booleans(),
)  # fmt: skip


@given(facts)
def test_each_state_holds_exactly_while_its_cause_does(f: WorkflowFacts) -> None:
    state = next_step(f).state
    assert (state == WorkflowState.NOTHING_TO_DO) == (not f.is_client)
    if f.is_client:
        assert (state == WorkflowState.NEEDS_ATTENTION) == bool(f.attention)
        if not f.attention:
            assert (state == WorkflowState.INTAKE_INCOMPLETE) == (not f.has_contact)
        if not f.attention and f.has_contact:
            scheduled = f.next_appointment_at is not None
            assert state == (
                WorkflowState.SCHEDULED if scheduled else WorkflowState.READY_TO_SCHEDULE
            )
    assert next_step(f).next_step.strip()


@given(facts)
def test_a_plugged_in_check_takes_its_place_without_changing_the_others(f: WorkflowFacts) -> None:
    """How billing adds "payment method missing": one more check, after intake."""

    def payment(x: WorkflowFacts) -> Step | None:
        if x.extra.get("payment_method_on_file") is False:
            return Step(WorkflowState.PAYMENT_METHOD_MISSING, "Ask for a payment method.")
        return None

    after_intake = next(i for i, c in enumerate(CHECKS) if c.__name__ == "_intake") + 1
    checks = [*CHECKS[:after_intake], payment, *CHECKS[after_intake:]]
    missing = WorkflowFacts(**{**f.__dict__, "extra": {"payment_method_on_file": False}})
    before = next_step(f, checks).state
    assert before == next_step(f).state
    after = next_step(missing, checks).state
    if before in (WorkflowState.READY_TO_SCHEDULE, WorkflowState.SCHEDULED):
        assert after == WorkflowState.PAYMENT_METHOD_MISSING
    else:
        assert after == before

"""The payment-method-missing source decides from the payer's facts alone, and its workflow
check names the state only while such a task is open about them."""

from __future__ import annotations

from practicerunner.domain.clients.workflow import CHECKS, WorkflowFacts, WorkflowState, next_step
from practicerunner.domain.tasks.automatic import NotWanted, Wanted
from practicerunner.domain.tasks.sources import payment_methods
from practicerunner.domain.tasks.tasks import Assignee

BILLING = Assignee.role("billing")


def _facts(on_autopay: bool, has_saved_method: bool) -> payment_methods.PayerFacts:
    return payment_methods.PayerFacts("payer-1", on_autopay, has_saved_method, BILLING)


def test_only_a_payer_on_autopay_without_a_saved_method_needs_the_task() -> None:
    wanted = payment_methods.assess(_facts(on_autopay=True, has_saved_method=False))
    assert isinstance(wanted, Wanted)
    assert wanted.assignee == BILLING and wanted.subject.person_id == "payer-1"
    assert "payer-1" not in wanted.title  # product text only: no one's details in a title
    for on_autopay, saved in ((True, True), (False, False), (False, True)):
        assert isinstance(payment_methods.assess(_facts(on_autopay, saved)), NotWanted)


def test_a_lone_payment_method_task_names_the_state_and_with_others_it_is_attention() -> None:
    checks = [payment_methods.payment_method_missing, *CHECKS]
    payment = {"task_type": "payment_method_missing", "title": "Payment method missing"}
    alone = WorkflowFacts(True, True, "2026-03-09T15:00:00+00:00", True, attention=(payment,))
    step = next_step(alone, checks)
    assert step.state == WorkflowState.PAYMENT_METHOD_MISSING
    assert step.next_step == payment_methods.NEXT_STEP
    both = (payment, {"task_type": "to_do", "title": "Call back"})
    crowded = WorkflowFacts(True, True, None, True, attention=both)
    assert next_step(crowded, checks).state == WorkflowState.NEEDS_ATTENTION
    assert next_step(WorkflowFacts(True, True, None, True), checks).state == (
        WorkflowState.READY_TO_SCHEDULE
    )

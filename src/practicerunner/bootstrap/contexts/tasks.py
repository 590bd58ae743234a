"""The tasks context: tasks, Needs Attention, and its automatic sources (missing notes,
supervision reviews, representatives awaiting verification, payers on AutoPay without a saved
payment method). Another context plugs in its own sources with its own ``AutomaticTasks`` in
its declaration."""

from __future__ import annotations

from typing import Any

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.clients import workflow
from practicerunner.domain.tasks.sources.payment_methods import payment_method_missing
from practicerunner.domain.tasks.tasks import Task
from practicerunner.processes.tasks import payment_methods
from practicerunner.processes.tasks.automatic import AutomaticTasks
from practicerunner.processes.tasks.missing_notes import check_missing_notes
from practicerunner.processes.tasks.sources import TASK_SOURCES
from practicerunner.projections.tasks.note_coverage import NoteCoverage
from practicerunner.projections.tasks.task_list import TaskList

AUTOMATIC_TASKS = AutomaticTasks("tasks", TASK_SOURCES)
if payment_method_missing not in workflow.CHECKS:  # just ahead of the generic attention check
    at = next(i for i, check in enumerate(workflow.CHECKS) if check.__name__ == "_attention")
    workflow.CHECKS.insert(at, payment_method_missing)


def missing_notes_due(runtime: Any) -> int:
    return check_missing_notes(runtime, AUTOMATIC_TASKS)


CONTEXT = ContextDeclaration(
    name="tasks",
    store="tasks",
    aggregates=(Task,),
    projections=(TaskList, NoteCoverage),
    deciders=(*AUTOMATIC_TASKS.deciders(), *payment_methods.DECIDERS),
    job_kinds=(AUTOMATIC_TASKS.job_kind(), payment_methods.JOB_KIND),
    due_checks=(missing_notes_due,),
    routers=("practicerunner.api.tasks.tasks", "practicerunner.api.tasks.attention"),
)

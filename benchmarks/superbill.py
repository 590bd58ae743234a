"""``superbill_render``: superbills per second for a month of sessions of 200 clients (four
completed weekly sessions each, a diagnosis each), through the product's path (the command
that asks for the document, the job that reads the read models, applies the rules, renders
the PDF with WeasyPrint and stores it sealed, and records the rendering), against the bare
library rendering the same superbills' HTML to PDF (the floor: layout and PDF writing)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from benchmarks.results import Result
from practicerunner.adapters.pdf import render_pdf
from practicerunner.adapters.pdf.documents import superbill_html
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clients import cases, people
from practicerunner.commands.clinical import records
from practicerunner.commands.documents import documents
from practicerunner.commands.practice import catalog, practice, staff
from practicerunner.commands.practice.practice import OpenPractice
from practicerunner.commands.scheduling import booking, changes
from practicerunner.demo import open_with_owner
from practicerunner.domain.base import Actor
from practicerunner.domain.documents.documents import Document
from practicerunner.domain.documents.superbill import build_superbill
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.projections.documents.sources import DocumentSources

if TYPE_CHECKING:
    from practicerunner.config import Settings

FIRST = datetime(2026, 11, 2, 15, tzinfo=UTC)
WORKER_THREADS = 2  # the in-process worker's threads (``Jobs.start_worker``)


class _Clock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


def _fill(rt: Runtime, clients: int) -> tuple[str, list[tuple[str, str]]]:
    practice_id, owner_id = open_with_owner(
        rt,
        OpenPractice(
            name="Bench Therapy",
            slug="bench-docs",
            plan=Plan.GROUP,
            owner_email="owner@bench.example",
            owner_given_name="Olive",
            owner_family_name="Owner",
        ),
    )
    ctx = rt.context(Actor(owner_id), practice_id)
    practice.change_billing_identity(
        practice.ChangeBillingIdentity(legal_name="Bench Therapy LLC", tax_id="12-3456789"), ctx
    )
    providers = [
        str(
            staff.invite_staff(
                staff.InviteStaff(
                    email=f"p{i}@bench.example",
                    given_name=f"P{i}",
                    family_name="Clinician",
                    role=Role.PROVIDER,
                ),
                ctx,
            ).id
        )
        for i in range(4)
    ]
    video = str(
        catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx).id
    )
    service = str(
        catalog.add_service(
            catalog.AddService(
                name="Psychotherapy", cpt_code="90834", duration_minutes=50, fee_cents=15000
            ),
            ctx,
        ).id
    )
    pairs = []
    for n in range(clients):
        provider = providers[n % len(providers)]
        person = people.register_person(
            people.RegisterPerson(
                given_name=f"Client{n}",
                family_name="Bench",
                birth_date="1990-01-01",
                status="active",
            ),
            ctx,
        ).id
        case = cases.open_case(
            cases.OpenCase(kind="individual", participant_ids=[person], provider_ids=[provider]),
            ctx,
        ).id
        records.record_diagnosis(
            records.RecordDiagnosis(
                case_id=case, person_id=person, code="F41.1", started_on=date(2026, 1, 1)
            ),
            ctx,
        )
        # The provider's nth client has a weekday and an hour of their own (nine a day), so
        # 200 clients of four providers fit in a week without a double booking.
        slot = n // len(providers)
        for week in range(4):
            start = FIRST + timedelta(days=7 * week + slot // 9, minutes=60 * (slot % 9))
            booked = booking.book_appointment(
                booking.BookAppointment(
                    case_id=case,
                    provider_id=provider,
                    service_id=service,
                    location_id=video,
                    start=start,
                ),
                ctx,
            )
            clock: Any = rt.clock
            clock._now = start + timedelta(hours=1)
            changes.complete_appointment(changes.CompleteAppointment(appointment_id=booked.id), ctx)
        pairs.append((str(case), str(person)))
    rt.run_until_idle(rounds=50)
    return str(practice_id), pairs


def run(backend: str, settings: Settings, quick: bool) -> list[Result]:
    clients = 20 if quick else 200
    rt = Runtime(settings, clock=_Clock(FIRST - timedelta(days=1)))
    try:
        practice_id, pairs = _fill(rt, clients)
        ctx = rt.context(Actor.service("benchmark"), __import__("uuid").UUID(practice_id))
        start, end = date(2026, 11, 1), date(2026, 11, 30)
        # Bare: the same superbills' HTML, rendered by the library alone.
        sources = DocumentSources(rt.engine)
        htmls = []
        for case_id, person_id in pairs:
            inputs = sources.inputs(practice_id, case_id, person_id, start, end)
            assert inputs is not None
            bill = build_superbill(
                inputs.practice,
                inputs.client,
                start,
                end,
                inputs.sessions,
                inputs.diagnoses,
                inputs.rules,
                True,
            )
            htmls.append(superbill_html(bill, "2026-12-01T00:00:00+00:00"))
        render_pdf(htmls[0])  # fonts and the layout engine warmed up before either is timed
        # The job worker renders on two threads: so does the baseline.
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=WORKER_THREADS) as pool:
            list(pool.map(render_pdf, htmls))
        bare = len(htmls) / (time.perf_counter() - began)
        # Ours: ask, render by the job, store sealed, record.
        began = time.perf_counter()
        ids = []
        for case_id, person_id in pairs:
            result = documents.request_document(
                documents.RequestDocument(
                    case_id=case_id,
                    kind="superbill",
                    person_id=person_id,
                    period_start=start,
                    period_end=end,
                ),
                ctx,
            )
            ids.append(result.id)
        rt.run_until_idle(rounds=200, join_timeout_ms=600_000)
        ours = len(ids) / (time.perf_counter() - began)
        done = 0
        for document_id in ids:
            doc: Any = rt.stores["documents"].repository.get(document_id)
            assert isinstance(doc, Document) and doc.latest, "a superbill was not rendered"
            assert rt.document_files.get(practice_id, str(document_id), 1, "document")
            done += 1
        lines = sum(rt.stores["documents"].repository.get(i).latest["lines"] for i in ids)
    finally:
        rt.close()
    return [
        Result(
            name="superbill_render",
            value=ours,
            unit="documents/s",
            baseline="WeasyPrint rendering the same superbills' HTML",
            baseline_value=bare,
            params={
                "backend": backend,
                "clients": clients,
                "sessions_per_client": 4,
                "documents": done,
                "service_lines": lines,
                "worker_threads": WORKER_THREADS,
            },
        )
    ]

"""Tenant and case rules in the command layer (``commands/access.py``), for every command.

The tests walk the registry of declared handlers (and every module of ``commands/``, so a new
handler without a declaration fails here): every id field is declared a reference or local,
and every reference given another practice's id, an unknown id or an id of another kind is
refused as "not found" before anything is written. The same rules hold whoever calls: the
HTTP API, the CLI or a job."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import practicerunner.commands as commands_package
from practicerunner.api.errors import PROBLEM_BASE
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands import references as ref
from practicerunner.commands.access import REGISTRY, Choice, Kind, Registered, rule_of
from practicerunner.commands.base import Command, CommandContext
from practicerunner.commands.billing import invoices as billing_invoices
from practicerunner.commands.billing import payments as billing_payments
from practicerunner.commands.billing import references as billing_ref
from practicerunner.commands.clients import cases, people
from practicerunner.commands.clinical import notes
from practicerunner.commands.documents import documents
from practicerunner.commands.identity import tokens
from practicerunner.commands.scheduling import booking, portal_requests, series
from practicerunner.commands.tasks import tasks
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound
from tests.support.scheduling import Practice, ready_practice

MONDAY_10 = datetime.fromisoformat("2026-03-09T15:00:00+00:00")


def _command_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(commands_package.__path__, "practicerunner.commands."):
        yield importlib.import_module(info.name)


MODULES = list(_command_modules())  # every handler is declared (registered) once imported


def _handler_shaped() -> list[tuple[str, Any]]:
    """Every public function of ``commands/`` taking ``(a Command, CommandContext, ...)``."""
    found = []
    for module in MODULES:
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            target = inspect.unwrap(fn)
            params = list(inspect.signature(target).parameters)
            if len(params) < 2:
                continue
            hints = typing.get_type_hints(target)
            first, second = hints.get(params[0]), hints.get(params[1])
            if inspect.isclass(first) and issubclass(first, Command) and second is CommandContext:
                found.append((f"{module.__name__}.{name}", fn))
    return found


def _id_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Fields that look like ids: typed UUID, or named ``id``/``*_id``/``*_ids``; nested
    command models are followed (``assignee.id``)."""
    out = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        annotation = info.annotation
        if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
            out |= _id_fields(annotation, path + ".")
            continue
        if "UUID" in str(annotation) or name == "id" or name.endswith(("_id", "_ids")):
            out.add(path)
    return out


# Handlers that landed before the rules existed and are being declared by their context's
# work. Shrinks only: a listed handler that gets declared must leave the list.
NOT_YET_DECLARED: frozenset[str] = frozenset()


def test_every_handler_is_declared_with_its_references_and_access_rule() -> None:
    handlers = _handler_shaped()
    assert len(handlers) > 90
    undeclared = {name for name, fn in handlers if rule_of(fn) is None}
    assert undeclared == NOT_YET_DECLARED & {name for name, _ in handlers}
    assert {name for name, _ in handlers} - NOT_YET_DECLARED == set(REGISTRY)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_id_field_is_declared_a_reference_or_local(name: str) -> None:
    entry = REGISTRY[name]
    declared = set(entry.rule.refs) | set(entry.rule.local)
    assert _id_fields(entry.command) == declared
    for path, reference in entry.rule.refs.items():
        assert isinstance(reference, Kind | Choice), path
    assert all(reason.strip() for reason in entry.rule.local.values())


# -- every reference of every command, given ids it may not use ------------------------------

PORTAL_ACCESS = {portal_requests.client_of_the_case, portal_requests.the_person_themselves}


@dataclass
class Seeded:
    practice: Practice
    ids: dict[str, str]  # kind name -> an id of that kind in this practice

    @property
    def ctx_actor(self) -> Actor:
        return Actor(self.practice.tenant.owner_id)


def _seed(rt: Runtime, slug: str) -> Seeded:
    """One thing of each kind in a new practice, through the real commands."""
    p = ready_practice(rt, slug)
    owner = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    provider = rt.context(Actor(p.provider_id), p.tenant.practice_id)
    ana = people.RegisterPerson(given_name="Ana", family_name="Alvarez")
    person = people.register_person(ana, owner)
    case = cases.open_case(
        cases.OpenCase(
            kind="individual", participant_ids=[person.id], provider_ids=[p.provider_id]
        ),
        owner,
    )
    where = {
        "case_id": case.id,
        "provider_id": p.provider_id,
        "service_id": p.therapy_service_id,
        "location_id": p.video_id,
    }
    appointment = booking.book_appointment(booking.BookAppointment(**where, start=MONDAY_10), owner)
    weekly = series.book_series(
        series.BookSeries(**where, start=MONDAY_10.replace(hour=17), rule="FREQ=WEEKLY;COUNT=3"),
        owner,
    )
    note = notes.start_note(notes.StartNote(case_id=case.id), provider)
    task = tasks.create_task(
        tasks.CreateTask(title="Call back", assignee={"kind": "staff", "id": p.provider_id}),
        owner,
    )
    token = tokens.issue_access_token(tokens.IssueAccessToken(staff_id=p.provider_id), owner)
    free = billing_invoices.FreeLine(description="Session", unit_fee_cents=100)
    invoice = billing_invoices.create_invoice(
        billing_invoices.CreateInvoice(case_id=case.id, lines=[free]), owner
    )
    billing_invoices.issue_invoice(billing_invoices.InvoiceCommand(invoice_id=invoice.id), owner)
    payment = billing_payments.record_outside_payment(
        billing_payments.RecordOutsidePayment(
            invoice_id=invoice.id, method="cash", amount_cents=100, received_on=date(2026, 3, 2)
        ),
        owner,
    )
    document = documents.request_document(
        documents.RequestDocument(
            case_id=case.id, kind="superbill", period_start="2026-03-01", period_end="2026-03-31"
        ),
        owner,
    )
    rt.settle()
    ids = {
        ref.STAFF.name: p.provider_id,
        ref.LOCATION.name: p.video_id,
        ref.SERVICE.name: p.therapy_service_id,
        ref.ACCESS_TOKEN.name: str(token.id),
        ref.PERSON.name: str(person.id),
        ref.CASE.name: str(case.id),
        ref.APPOINTMENT.name: str(appointment.id),
        ref.SERIES.name: str(weekly.extra.get("series_id", weekly.id)),
        ref.NOTE.name: str(note.id),
        ref.TASK.name: str(task.id),
        billing_ref.INVOICE.name: str(invoice.id),
        billing_ref.PAYMENT.name: str(payment.id),
        documents.DOCUMENT.name: str(document.id),
    }
    return Seeded(p, ids)


@pytest.fixture
def two_practices(runtime: Runtime) -> tuple[Seeded, Seeded]:
    return _seed(runtime, "harbor-therapy"), _seed(runtime, "other-practice")


def _options(reference: Kind | Choice) -> list[tuple[str | None, Kind]]:
    """(discriminator value, kind) for each kind a reference may name."""
    if isinstance(reference, Kind):
        return [(None, reference)]
    return [(value, kind) for value, kind in reference.kinds.items() if kind is not None]


def _set(values: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        _set(values.setdefault(head, {}), rest, value)
    else:
        values[head] = value


def _shaped(entry: Registered, path: str, value: str) -> Any:
    """The id as the field holds it: one, a list, or the keys of a mapping."""
    annotation = str(_field(entry.command, path).annotation)
    if annotation.startswith("list["):
        return [value]
    if annotation.startswith("dict["):
        return {value: "present"}
    return value


def _field(model: type[BaseModel], path: str) -> Any:
    head, _, rest = path.partition(".")
    info = model.model_fields[head]
    if rest:
        assert info.annotation is not None
        return _field(info.annotation, rest)
    return info


def _build(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """A command with only the given fields set, nested models too: the rule is checked
    before the handler reads anything else."""
    fields = {}
    for name, value in values.items():
        annotation = model.model_fields[name].annotation
        if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
            value = _build(annotation, value)
        fields[name] = value
    return model.model_construct(**fields)


def _cases() -> Iterator[Any]:
    for name, entry in sorted(REGISTRY.items()):
        for path, reference in entry.rule.refs.items():
            for choice, kind in _options(reference):
                yield pytest.param(name, path, choice, kind, id=f"{name.split('.', 2)[2]}:{path}")


ALL_CASES = list(_cases())


def test_the_cases_cover_every_declared_reference() -> None:
    declared = sum(
        len(_options(r)) for entry in REGISTRY.values() for r in entry.rule.refs.values()
    )
    assert len(ALL_CASES) == declared > 100


def test_every_reference_refuses_foreign_unknown_and_wrong_kind_ids_and_writes_nothing(
    runtime: Runtime, two_practices: tuple[Seeded, Seeded]
) -> None:
    """For each declared reference of each command: the practice's own ids everywhere else,
    and at that one field another practice's id of the right kind, an unknown id, or one of
    the practice's own ids of another kind. Each is "not found" (the API's 404 ``not-found``
    problem), and no store moves."""
    mine, theirs = two_practices
    ctx = runtime.context(mine.ctx_actor, mine.practice.tenant.practice_id)
    before = runtime.stores.head_positions()
    refused = 0
    for case in ALL_CASES:
        name, path, choice, kind = case.values
        entry = REGISTRY[name]
        other_kind = ref.PERSON if kind is not ref.PERSON else ref.CASE
        for bad in (theirs.ids[kind.name], str(uuid.uuid4()), mine.ids[other_kind.name]):
            values: dict[str, Any] = {}
            for other_path, reference in entry.rule.refs.items():
                options = _options(reference)
                own_kind = kind if other_path == path else options[0][1]
                if isinstance(reference, Choice):
                    wanted = choice if other_path == path else options[0][0]
                    _set(values, reference.by, wanted)
                _set(values, other_path, _shaped(entry, other_path, mine.ids[own_kind.name]))
            _set(values, path, _shaped(entry, path, bad))
            cmd = _build(entry.command, values)
            with pytest.raises(NotFound) as caught:
                entry.handler(cmd, ctx)
            assert caught.value.code == "not-found", (name, path)
            assert caught.value.status == 404
            refused += 1
    assert refused == 3 * len(ALL_CASES)
    assert runtime.stores.head_positions() == before


def test_the_practice_s_own_ids_pass_the_rules(
    runtime: Runtime, two_practices: tuple[Seeded, Seeded]
) -> None:
    """The other side of the test above: with every reference the practice's own, the
    declared rule lets the owner through (so the refusals above are the rule's, not noise)."""
    from practicerunner.commands.access import check

    mine, _ = two_practices
    ctx = runtime.context(mine.ctx_actor, mine.practice.tenant.practice_id)
    # The portal's own commands are the client's (Ana takes part in the seeded case).
    client = Actor(f"person:{mine.ids[ref.PERSON.name]}")
    portal = runtime.context(client, mine.practice.tenant.practice_id)
    for _, entry in sorted(REGISTRY.items()):
        caller = portal if entry.rule.access in PORTAL_ACCESS else ctx
        values: dict[str, Any] = {}
        for path, reference in entry.rule.refs.items():
            value, kind = _options(reference)[0]
            if isinstance(reference, Choice):
                _set(values, reference.by, value)
            _set(values, path, _shaped(entry, path, mine.ids[kind.name]))
        check(entry.rule, _build(entry.command, values), caller)


# -- case-level rules where commands run -----------------------------------------------------


def test_a_provider_cannot_change_a_case_they_do_not_serve_from_any_caller(
    runtime: Runtime, two_practices: tuple[Seeded, Seeded]
) -> None:
    """Li serves no case: the command layer refuses her as it would over HTTP (the CLI and
    jobs call the same handlers); the owner passes the same check."""
    mine, _ = two_practices
    p = mine.practice
    li = runtime.context(Actor(p.second_provider_id), p.tenant.practice_id)
    case_id = uuid.UUID(mine.ids[ref.CASE.name])
    before = runtime.stores.head_positions()
    for attempt in (
        lambda: cases.retitle_case(cases.RetitleCase(case_id=case_id, title="Mine now"), li),
        lambda: people.change_person_notes(
            people.ChangePersonNotes(person_id=mine.ids[ref.PERSON.name], notes="x"), li
        ),
        lambda: notes.start_note(notes.StartNote(case_id=case_id), li),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert runtime.stores.head_positions() == before
    owner = runtime.context(mine.ctx_actor, p.tenant.practice_id)
    cases.retitle_case(cases.RetitleCase(case_id=case_id, title="Renamed"), owner)
    assert runtime.stores.head_positions() != before


# -- through HTTP ----------------------------------------------------------------------------


def test_a_portal_account_for_another_practice_s_person_is_404_like_an_unknown_person(
    runtime: Runtime, client: TestClient, two_practices: tuple[Seeded, Seeded]
) -> None:
    mine, theirs = two_practices
    before = runtime.stores.head_positions()
    answers = []
    for person_id in (theirs.ids[ref.PERSON.name], str(uuid.uuid4())):
        r = client.post(
            "/portal-accounts",
            json={"person_id": person_id, "email": "ana@example.com"},
            headers=mine.practice.headers,
        )
        assert r.status_code == 404, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"] == PROBLEM_BASE + "not-found"
        assert r.json()["type"] == PROBLEM_BASE + "not-found"
        answers.append(r.content)
    assert answers[0] == answers[1]
    assert runtime.stores.head_positions() == before


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?version=1",
        "?version=999",
        "?as_of=2000-01-01T00:00:00Z",
        "?as_of=2030-01-01T00:00:00Z",
    ],
)
def test_history_answers_foreign_and_unknown_ids_with_the_same_404(
    client: TestClient, two_practices: tuple[Seeded, Seeded], query: str
) -> None:
    mine, theirs = two_practices
    h = mine.practice.headers
    for path in ("/history/{}", "/cases/{}/history"):
        if path.startswith("/cases") and "version" in query:
            continue
        foreign = client.get(path.format(theirs.ids[ref.CASE.name]) + query, headers=h)
        unknown = client.get(path.format(uuid.uuid4()) + query, headers=h)
        assert foreign.status_code == unknown.status_code == 404, foreign.text
        assert foreign.json()["type"] == PROBLEM_BASE + "not-found"
        assert foreign.content == unknown.content
    own = client.get(f"/history/{mine.ids[ref.CASE.name]}", headers=h)
    assert own.status_code == 200, own.text

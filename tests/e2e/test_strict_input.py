"""Strict input, through the HTTP API: every bad input below is refused with its problem type
and leaves every store as it was. Integers are integers, times are ISO 8601 strings with an
offset, timezones are canonical IANA names, text holds no control characters, a case opens
with the people its kind needs, an email address belongs to one person, a series has at least
one occurrence, and odd headers and positions answer 4xx, never 500."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import threading
import types
import typing
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Strict
from pydantic.functional_validators import BeforeValidator

import practicerunner.commands as commands_package
from practicerunner.api.app import create_app
from practicerunner.api.errors import PROBLEM_BASE
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import Command
from practicerunner.commands.clients import claims, names
from practicerunner.commands.inputs import _instant, control_characters_in
from tests.support.installation import backend_params, installation
from tests.support.scheduling import Practice, open_case, person, ready_practice

MONDAY_10 = "2026-03-09T15:00:00Z"


def problem_type(code: str) -> str:
    return PROBLEM_BASE + code


@pytest.fixture
def p(runtime: Runtime) -> Practice:
    return ready_practice(runtime)


@dataclass
class Shared:
    """One practice for the tests below that only add records of their own (a service, a
    person, a case) or change a setting each sets back: building a runtime per case is most of
    what they would cost. Each refusal still checks that no store moved while it ran."""

    runtime: Runtime
    client: TestClient
    p: Practice


@pytest.fixture(scope="module", params=backend_params("strict-input"))
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    with (
        installation(request.param, tmp_path_factory.mktemp("strict")) as runtime,
        TestClient(create_app(runtime, background=True)) as client,
    ):
        yield Shared(runtime, client, ready_practice(runtime))


class Unchanged:
    """Asserts that no event store moved while the block ran."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def __enter__(self) -> None:
        self.runtime.settle()  # what earlier requests set going is done before counting
        self.before = self.runtime.stores.head_positions()

    def __exit__(self, *exc: object) -> None:
        assert self.runtime.stores.head_positions() == self.before


def refused(
    runtime: Runtime,
    client: TestClient,
    path: str,
    body: dict[str, Any],
    headers: dict[str, str],
    status: int,
    code: str,
) -> dict[str, Any]:
    with Unchanged(runtime):
        r = client.post(path, json=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    answer: dict[str, Any] = r.json()
    assert answer["type"] == problem_type(code)
    return answer


# -- money, counts, durations ----------------------------------------------------------------

SERVICE = {"name": "Psychotherapy", "cpt_code": "90834", "duration_minutes": 50, "fee_cents": 15000}


@pytest.mark.parametrize(
    "field,value,code",
    [
        ("fee_cents", "150.00", "validation-error"),
        ("fee_cents", "15000", "validation-error"),
        ("fee_cents", 150.5, "validation-error"),
        ("fee_cents", True, "validation-error"),
        ("fee_cents", -1, "invalid-value"),
        ("duration_minutes", "50", "validation-error"),
        ("duration_minutes", 50.0, "validation-error"),
        ("duration_minutes", True, "validation-error"),
        ("duration_minutes", 0, "invalid-value"),
    ],
)
def test_money_and_durations_are_strict_integers(
    shared: Shared, field: str, value: Any, code: str
) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    body = {**SERVICE, field: value}
    refused(runtime, client, "/services", body, p.headers, 422, code)
    ok = client.post("/services", json=SERVICE, headers=p.headers)
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize("value", [True, "2", 2.0])
def test_a_count_is_a_strict_integer(shared: Shared, value: Any) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    case_id = open_case(client, p, "individual", [person(client, p, "Ana", "Alvarez", emails=[])])
    path = f"/cases/{case_id}/set-planned-absence-allowance"
    refused(runtime, client, path, {"allowance": value}, p.headers, 422, "validation-error")
    assert client.post(path, json={"allowance": 2}, headers=p.headers).status_code == 200


@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_a_flag_is_a_json_boolean(shared: Shared, value: Any) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    body = {**SERVICE, "bookable_online": value}
    refused(runtime, client, "/services", body, p.headers, 422, "validation-error")


# -- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [1773068400, 1773068400.0, "1773068400", "2026-03-09T15:00:00", "2026-03-09", "next monday"],
)
def test_times_are_iso_8601_strings_with_an_offset(
    runtime: Runtime, client: TestClient, p: Practice, start: Any
) -> None:
    case_id = open_case(client, p, "individual", [person(client, p, "Ana", "Alvarez")])
    body = {
        "case_id": case_id,
        "provider_id": p.provider_id,
        "service_id": p.therapy_service_id,
        "location_id": p.video_id,
        "start": start,
    }
    refused(runtime, client, "/appointments", body, p.headers, 422, "validation-error")
    ok = client.post("/appointments", json={**body, "start": MONDAY_10}, headers=p.headers)
    assert ok.status_code == 201, ok.text


# -- timezones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timezone", ["EST", "EST5EDT", "US/Eastern", "Etc/GMT+5", "UTC", "Europe/Kiev", "Mars/Base"]
)
def test_timezones_are_canonical_iana_names_with_rules(shared: Shared, timezone: str) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    path = "/practice/change-timezone"
    answer = refused(runtime, client, path, {"timezone": timezone}, p.headers, 422, "invalid-value")
    assert answer["field"] == "timezone"
    ok = client.post(path, json={"timezone": "America/Chicago"}, headers=p.headers)
    assert ok.status_code == 200, ok.text


def test_an_old_alias_names_its_canonical_zone(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    body = {"timezone": "US/Eastern"}
    answer = refused(
        runtime, client, "/practice/change-timezone", body, p.headers, 422, "invalid-value"
    )
    assert "America/New_York" in answer["detail"]


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Ana\x00", "An\x07a", "Ana\x1b[31m", "An\na", "An\u2028a"])
def test_names_refuse_control_characters_nul_and_line_breaks(shared: Shared, bad: str) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    body = {"given_name": bad, "family_name": "Alvarez"}
    refused(runtime, client, "/people", body, p.headers, 422, "validation-error")


def test_a_lone_surrogate_no_store_could_encode_is_refused(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    raw = b'{"given_name": "An\\ud800a", "family_name": "Alvarez"}'
    with Unchanged(runtime):
        r = client.post(
            "/people", content=raw, headers={**p.headers, "Content-Type": "application/json"}
        )
    assert r.status_code == 422, r.text
    assert r.json()["type"] == problem_type("validation-error")


def test_free_text_keeps_line_breaks_but_refuses_other_control_characters(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    ana = person(client, p, "Ana", "Alvarez")
    path = f"/people/{ana}/change-notes"
    for bad in ("Talks\x00about grief", "bell\x07", "escape\x1b"):
        refused(runtime, client, path, {"notes": bad}, p.headers, 422, "validation-error")
    ok = client.post(path, json={"notes": "Line one\nLine two\twith a tab"}, headers=p.headers)
    assert ok.status_code == 200, ok.text


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_no_control_character_survives_a_command(text: str) -> None:
    """Any string: either a command refuses it, or it holds no control character."""
    from pydantic import ValidationError

    from practicerunner.commands.clients.people import ChangePersonNotes, RenamePerson

    for model, field, multiline in (
        (RenamePerson, "given_name", False),
        (ChangePersonNotes, "notes", True),
    ):
        try:
            cmd = model.model_validate(
                {"person_id": "0b8e8c9a-3a4f-4c1e-9a43-5c8e6f7a1b2c", field: text}
            )
        except ValidationError:
            continue
        value = getattr(cmd, field)
        assert value is None or not control_characters_in(value, multiline=multiline)


# -- cases have the people their kind needs --------------------------------------------------


@pytest.mark.parametrize(
    "kind,count",
    [("individual", 0), ("individual", 2), ("couple", 1), ("couple", 3), ("therapy_group", 0)],
)
def test_a_case_opens_with_the_people_its_kind_needs(shared: Shared, kind: str, count: int) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    people = [person(client, p, f"P{i}", "Member", emails=[]) for i in range(count)]
    body = {"kind": kind, "participant_ids": people, "provider_ids": [p.provider_id]}
    if kind == "couple":
        body["title"] = "partners"
    answer = refused(runtime, client, "/cases", body, p.headers, 422, "invalid-value")
    assert answer["field"] == "participant_ids"


def test_couples_open_with_two_and_groups_with_one(client: TestClient, p: Practice) -> None:
    a, b = person(client, p, "Alex", "Rivera"), person(client, p, "Sam", "Rivera")
    open_case(client, p, "couple", [a, b], title="partners")
    open_case(client, p, "therapy_group", [a])


# -- one person per email --------------------------------------------------------------------


def test_a_second_person_with_a_known_email_is_409_naming_the_first(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    first = person(client, p, "Ana", "Alvarez", emails=[{"address": "ana@example.com"}])
    body = {
        "given_name": "Anna",
        "family_name": "Alvares",
        "emails": [{"address": "ANA@example.com"}],
    }
    answer = refused(runtime, client, "/people", body, p.headers, 409, "already-exists")
    assert answer["existing_person_id"] == first
    other = person(client, p, "Ben", "Brook", emails=[{"address": "ben@example.com"}])
    change = {"emails": [{"address": "ana@example.com", "primary": True}]}
    answer = refused(
        runtime, client, f"/people/{other}/change-contact-details", change, p.headers, 409,
        "already-exists",
    )  # fmt: skip
    assert answer["existing_person_id"] == first


def test_an_address_given_up_can_be_taken_and_dedupe_can_be_switched_off(
    client: TestClient, p: Practice
) -> None:
    ana = person(client, p, "Ana", "Alvarez", emails=[{"address": "ana@example.com"}])
    moved = client.post(
        f"/people/{ana}/change-contact-details",
        json={"emails": [{"address": "ana.new@example.com", "primary": True}]},
        headers=p.headers,
    )
    assert moved.status_code == 200, moved.text
    person(client, p, "Anna", "Other", emails=[{"address": "ana@example.com"}])
    off = client.post(
        "/practice/change-settings",
        json={"group": "contacts", "values": {"dedupe_by_email": False}},
        headers=p.headers,
    )
    assert off.status_code == 200, off.text
    person(client, p, "Ana", "Twin", emails=[{"address": "ana.new@example.com"}])


# -- one person per name and date of birth ---------------------------------------------------


def registered(client: TestClient, p: Practice, given: str, family: str, born: str | None) -> str:
    body: dict[str, Any] = {"given_name": given, "family_name": family}
    if born:
        body["birth_date"] = born
    r = client.post("/people", json=body, headers=p.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_a_second_person_with_a_known_name_and_birth_date_is_409_naming_the_first(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    first = registered(client, p, "Ana María", "Alvarez", "1990-04-01")
    body = {"given_name": "  ana   MARÍA ", "family_name": "alvarez", "birth_date": "1990-04-01"}
    answer = refused(runtime, client, "/people", body, p.headers, 409, "already-exists")
    assert answer["existing_person_id"] == first
    # Without a date of birth, or with another one, the same name is someone else
    registered(client, p, "Ana María", "Alvarez", None)
    other = registered(client, p, "Ana María", "Alvarez", "1991-04-01")
    answer = refused(
        runtime, client, f"/people/{other}/record-birth-date", {"birth_date": "1990-04-01"},
        p.headers, 409, "already-exists",
    )  # fmt: skip
    assert answer["existing_person_id"] == first
    namesake = registered(client, p, "Ana", "Alvarez", "1990-04-01")
    answer = refused(
        runtime, client, f"/people/{namesake}/rename",
        {"given_name": "ANA MARÍA", "family_name": "Alvarez "}, p.headers, 409, "already-exists",
    )  # fmt: skip
    assert answer["existing_person_id"] == first


def test_a_name_and_birth_date_given_up_can_be_taken_and_that_dedupe_can_be_switched_off(
    client: TestClient, p: Practice
) -> None:
    ana = registered(client, p, "Ana", "Alvarez", "1990-04-01")
    renamed = client.post(
        f"/people/{ana}/rename",
        json={"given_name": "Ana", "family_name": "Moreno"},
        headers=p.headers,
    )
    assert renamed.status_code == 200, renamed.text
    registered(client, p, "Ana", "Alvarez", "1990-04-01")  # the old name is free again
    bea = registered(client, p, "Bea", "Brook", "1985-02-03")
    redated = client.post(
        f"/people/{bea}/record-birth-date", json={"birth_date": "1985-03-02"}, headers=p.headers
    )
    assert redated.status_code == 200, redated.text
    registered(client, p, "Bea", "Brook", "1985-02-03")  # so is the old date
    off = client.post(
        "/practice/change-settings",
        json={"group": "contacts", "values": {"dedupe_by_name_and_birth_date": False}},
        headers=p.headers,
    )
    assert off.status_code == 200, off.text
    registered(client, p, "Ana", "Moreno", "1990-04-01")  # a twin of the renamed Ana


def test_racing_registrations_of_one_name_and_birth_date_let_exactly_one_through(
    runtime: Runtime, client: TestClient, p: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every request looks for a claim before any has saved one: only the store can decide.
    racers = 4
    barrier = threading.Barrier(racers, timeout=10)
    original = claims.claim_exists

    def look_then_wait(*args: Any) -> Any:
        found = original(*args)
        if args[1] == names.PERSON_NAME_BIRTH_CLAIM:
            barrier.wait()
        return found

    monkeypatch.setattr(claims, "claim_exists", look_then_wait)
    body = {"given_name": "Cleo", "family_name": "Racer", "birth_date": "2000-01-01"}

    def attempt(_: int) -> Any:
        return client.post("/people", json=body, headers=p.headers)

    with ThreadPoolExecutor(max_workers=racers) as pool:
        answers = list(pool.map(attempt, range(racers)))
    assert sorted(a.status_code for a in answers) == [201] + [409] * (racers - 1)
    for a in answers:
        if a.status_code == 409:
            assert a.json()["type"] == problem_type("already-exists")
    monkeypatch.undo()
    winner = next(a.json()["id"] for a in answers if a.status_code == 201)
    answer = refused(runtime, client, "/people", body, p.headers, 409, "already-exists")
    assert answer["existing_person_id"] == winner


# -- series ----------------------------------------------------------------------------------


def test_a_series_whose_rule_yields_no_occurrence_is_refused(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    case_id = open_case(client, p, "individual", [person(client, p, "Ana", "Alvarez")])
    body = {
        "case_id": case_id,
        "provider_id": p.provider_id,
        "service_id": p.therapy_service_id,
        "location_id": p.video_id,
        "start": MONDAY_10,
        "rule": "FREQ=WEEKLY;UNTIL=20260301T000000Z",
    }
    refused(runtime, client, "/series", body, p.headers, 422, "invalid-recurrence")
    ok = client.post("/series", json={**body, "rule": "FREQ=WEEKLY;COUNT=2"}, headers=p.headers)
    assert ok.status_code == 201, ok.text


# -- headers and positions -------------------------------------------------------------------


@pytest.mark.parametrize("if_match", ['"\xb2"', "\xb2", "9" * 5000, '"1.0"', "-1", '"0x1"'])
def test_an_odd_if_match_is_400_never_500(shared: Shared, if_match: str) -> None:
    runtime, client, p = shared.runtime, shared.client, shared.p
    ana = person(client, p, "Ana", "Alvarez", emails=[])
    with Unchanged(runtime):
        r = client.post(
            f"/people/{ana}/change-notes",
            json={"notes": "x"},
            headers={**p.headers, "If-Match": if_match.encode("latin-1")},  # type: ignore[dict-item]
        )
    assert r.status_code == 400, r.text
    assert r.json()["type"] == problem_type("invalid-if-match")


@pytest.mark.parametrize(
    "after", ["practice:\xb2", "practice:" + "9" * 5000, "practice:1.5", "practice:-1", ":1"]
)
def test_an_odd_after_is_422_never_500(shared: Shared, after: str) -> None:
    client, p = shared.client, shared.p
    r = client.get("/people", params={"after": after}, headers=p.headers)
    assert r.status_code == 422, r.text
    assert r.json()["type"] == problem_type("validation-error")


def test_an_after_beyond_the_log_s_head_is_422_without_waiting(
    runtime: Runtime, client: TestClient, p: Practice
) -> None:
    head = runtime.stores.head_positions()["scheduling"]
    r = client.get("/people", params={"after": f"scheduling:{head + 1}"}, headers=p.headers)
    assert r.status_code == 422, r.text
    assert r.json()["type"] == problem_type("validation-error")
    at_head = client.get("/people", params={"after": f"scheduling:{head}"}, headers=p.headers)
    assert at_head.status_code == 200, at_head.text


def test_405_lists_every_method_the_path_accepts(client: TestClient, p: Practice) -> None:
    """Paths with more than one method (from the OpenAPI document): a method they do not
    take answers 405 whose ``Allow`` names all of them."""
    document = client.get("/openapi.json").json()
    several = {
        path: {m.upper() for m in item if m in ("get", "post", "put", "patch", "delete")}
        for path, item in document["paths"].items()
        if "{" not in path
    }
    several = {path: methods for path, methods in several.items() if len(methods) > 1}
    assert "/people" in several
    for path, methods in several.items():
        r = client.request("PUT" if "PUT" not in methods else "TRACE", path, headers=p.headers)
        assert r.status_code == 405, (path, r.status_code)
        allowed = {m.strip() for m in r.headers["allow"].split(",")}
        assert allowed - {"HEAD"} == methods
        assert r.json()["type"] == problem_type("method-not-allowed")


# -- every input model uses the strict types -------------------------------------------------


def _loose(annotation: Any, metadata: list[Any]) -> Iterator[str]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        yield from _loose(base, [*metadata, *meta])
        return
    if origin in (typing.Union, types.UnionType, list, dict, tuple, set, frozenset):
        for member in typing.get_args(annotation):
            yield from _loose(member, [])
        return
    strict = any(isinstance(m, Strict) for m in metadata)
    instant = any(isinstance(m, BeforeValidator) and m.func is _instant for m in metadata)
    if annotation in (bool, int) and not strict:
        yield annotation.__name__
    elif annotation is float:
        yield "float"
    elif annotation is dt.datetime and not instant:
        yield "datetime"


def _commands() -> list[type[Command]]:
    for info in pkgutil.walk_packages(commands_package.__path__, "practicerunner.commands."):
        importlib.import_module(info.name)
    found: list[type[Command]] = []
    pending = [Command]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found and sub.__module__.startswith("practicerunner."):
                found.append(sub)
                pending.append(sub)
    return found


def test_every_command_field_uses_the_strict_types() -> None:
    """Integers, flags and instants in any command are ``commands.inputs`` types: none is
    read leniently (``"150.00"``, ``true`` as 1, a Unix number as a time)."""
    commands = _commands()
    assert len(commands) > 80
    loose = [
        f"{c.__module__}.{c.__name__}.{name}: {kind}"
        for c in commands
        for name, info in c.model_fields.items()
        for kind in _loose(info.annotation, list(info.metadata))
        if not (inspect.isclass(info.annotation) and issubclass(info.annotation, BaseModel))
    ]
    assert loose == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.text(max_size=30)))
def test_an_instant_is_never_read_from_anything_but_an_offset_iso_string(value: Any) -> None:
    from pydantic import ValidationError

    from practicerunner.commands.tasks.tasks import RescheduleTask

    try:
        cmd = RescheduleTask.model_validate(
            {"task_id": "0b8e8c9a-3a4f-4c1e-9a43-5c8e6f7a1b2c", "due_at": value}
        )
    except ValidationError:
        return
    assert isinstance(value, str) and cmd.due_at is not None and cmd.due_at.tzinfo is not None

"""Tenant and case rules, declared on every command handler and checked before it runs.

A handler says which of its command's fields name things of the practice, and of which kind,
and which access rule applies::

    @command(refs={"case_id": CASE, "person_id": PERSON}, access=case_team)
    def add_participant(cmd: AddParticipant, ctx: CommandContext, ...) -> CommandResult: ...

Before the handler runs, ``check`` loads every referenced aggregate from the event store:
an id that is unknown, of another kind or of another practice is "not found" (404), whichever
it is, so ids reveal nothing. Then the access rule sees the loaded aggregates (e.g. a
provider reaches only the cases they serve or supervise). Because the rule is on the handler,
the HTTP API, the CLI, jobs, imports and online booking all get it. Fields that look like ids
but name nothing of the practice (a room inside a location, a new diagnosis's id) are listed
in ``local`` with the reason, so ``tests/e2e/test_tenant_rules.py`` can tell that every id
field of every registered command is declared one way or the other.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from practicerunner.commands.base import Command, CommandContext, checked_aggregates, load
from practicerunner.domain.base import PracticeAggregate
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import Viewer, clinician_scope
from practicerunner.domain.practice.staff import StaffMember

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Kind:
    """A kind of thing a command may name: its store and aggregate class. ``reach`` (optional)
    is the case-level rule for it: called with the caller (a ``Viewer``) when their reach is
    one clinician's cases, it raises ``NotFound`` for one they do not reach."""

    name: str
    store: str
    aggregate: type[PracticeAggregate]
    reach: Callable[[CommandContext, Viewer, Any], None] | None = None

    def __repr__(self) -> str:
        return f"Kind({self.name})"


@dataclass(frozen=True)
class Choice:
    """A reference whose kind another field decides (``owner_kind`` of a calendar feed):
    ``kinds`` maps that field's value to a kind, or to None for "not a reference"."""

    by: str
    kinds: Mapping[str, Kind | None]

    def kind_for(self, cmd: Command) -> Kind | None:
        value = _value_at(cmd, self.by)
        return self.kinds[str(getattr(value, "value", value))]


Loaded = dict[str, list[tuple[Kind, Any]]]
"""What ``check`` loaded: per reference field, the kinds and aggregates it names."""

Access = Callable[[CommandContext, Command, Loaded], None]


def practice_wide(ctx: CommandContext, cmd: Command, loaded: Loaded) -> None:
    """No rule beyond the role matrix (checked where the caller is authenticated) and the
    tenant checks: settings, the catalogue, staff, the caller's own sign-in methods."""


def case_team(ctx: CommandContext, cmd: Command, loaded: Loaded) -> None:
    """Case-level access: when the caller's reach is one clinician's cases (providers and
    associates, also an admin acting for one), every reference whose kind has a ``reach``
    rule (a case, appointment, person, note, task) must be one they reach; otherwise it is
    "not found", exactly like an unknown id. Service principals and practice-wide roles pass."""
    viewer = scoped_viewer(ctx)
    if viewer is None:
        return
    for refs in loaded.values():
        for kind, aggregate in refs:
            if kind.reach is not None:
                kind.reach(ctx, viewer, aggregate)


def scoped_viewer(ctx: CommandContext) -> Viewer | None:
    """The caller when their reach is one clinician's cases (providers, associates), or None
    for practice-wide reach (service principals, the owner, admins). A portal client's reach
    is their own and their helped people's cases: the portal routes resolve it
    (``api.clients.case_access.portal_roles``) before they call a handler with those ids."""
    actor = ctx.actor
    if actor.is_service or actor.id.startswith("person:"):
        return None
    staff = load(ctx.stores.practice, StaffMember, actor.id, ctx.practice_id, copy=False)
    viewer = Viewer(str(ctx.practice_id), str(staff.id), staff.role, actor.on_behalf_of)
    return viewer if clinician_scope(viewer) is not None else None


@dataclass(frozen=True)
class Rule:
    """The declared references and access rule of one handler."""

    refs: Mapping[str, Kind | Choice]
    access: Access
    local: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Registered:
    handler: Callable[..., Any]
    command: type[Command]
    rule: Rule

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__name__}"


REGISTRY: dict[str, Registered] = {}
"""Every declared handler by its qualified name (the enumerating test walks it)."""


def _value_at(cmd: Any, path: str) -> Any:
    value = cmd
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def _ids(value: Any) -> Iterator[Any]:
    if value is None:
        return
    if isinstance(value, Mapping):
        yield from value.keys()  # ids as keys (attendance per participant)
    elif isinstance(value, list | tuple | set | frozenset):
        yield from (v for v in value if v is not None)
    else:
        yield value


def check(rule: Rule, cmd: Command, ctx: CommandContext) -> Loaded:
    """Loads every reference of ``cmd`` (404 for unknown, other kinds, other practices), then
    applies the access rule. Nothing is written either way."""
    loaded: Loaded = {}
    if rule.refs and ctx.practice_id is None:
        raise NotFound("Not found.")
    for path, ref in rule.refs.items():
        kind = ref.kind_for(cmd) if isinstance(ref, Choice) else ref
        if kind is None:
            continue
        found = []
        for ref_id in _ids(_value_at(cmd, path)):
            try:
                uuid.UUID(str(ref_id))
            except ValueError:
                raise NotFound(f"No {kind.name} with that id.") from None
            app = ctx.stores[kind.store]
            found.append((kind, load(app, kind.aggregate, ref_id, ctx.practice_id, copy=False)))
        loaded[path] = found
    rule.access(ctx, cmd, loaded)
    return loaded


def command(
    *,
    refs: Mapping[str, Kind | Choice] | None = None,
    access: Access,
    local: Mapping[str, str] | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declares a handler's references and access rule; ``check`` runs before the handler
    on every call, whoever calls it."""
    rule = Rule(dict(refs or {}), access, dict(local or {}))

    def declare(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            cmd = args[0] if args else kwargs["cmd"]
            ctx = args[1] if len(args) > 1 else kwargs["ctx"]
            assert isinstance(cmd, Command) and isinstance(ctx, CommandContext)
            loaded = check(rule, cmd, ctx)
            memo = {
                (id(ctx.stores[kind.store]), aggregate.id): aggregate
                for refs in loaded.values()
                for kind, aggregate in refs
            }
            with checked_aggregates(memo):
                return handler(*args, **kwargs)

        command_class = _command_class(handler)
        entry = Registered(run, command_class, rule)
        REGISTRY[entry.name] = entry
        run.rule = rule  # type: ignore[attr-defined]
        return run

    return declare


def _command_class(handler: Callable[..., Any]) -> type[Command]:
    import inspect
    import typing

    first = next(iter(inspect.signature(handler).parameters))
    hint = typing.get_type_hints(handler)[first]
    if not (inspect.isclass(hint) and issubclass(hint, Command)):
        raise TypeError(f"{handler.__name__}: the first parameter must be a Command")
    return hint


def rule_of(handler: Callable[..., Any]) -> Rule | None:
    return getattr(handler, "rule", None)

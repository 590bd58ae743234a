"""The claims that keep one person per value of a practice (an email address; a name with a
date of birth): each value is held by a ``NaturalKeyClaim`` saved in the same write as the
person, so two registrations racing with one value cannot both succeed. The claim's key is a
keyed blind token of the value (``Sealer.blind``), never the value itself: the values are
personal data, sealed at rest and never compared as plain text."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from practicerunner.adapters.readstore import Sealer
from practicerunner.commands.base import CommandContext, claim_exists
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import AlreadyExists
from practicerunner.domain.practice.practice import Practice


@cache
def _sealer(cipher_key: str | None) -> Sealer:
    return Sealer(cipher_key)


def claim_key(ctx: CommandContext, practice: Practice, kind: str, value: str) -> str:
    token = _sealer(ctx.stores.settings.cipher_key).blind(kind, value)
    return f"{practice.id}/{token}"


def person_claims(
    ctx: CommandContext,
    practice: Practice,
    person: Person,
    kind: str,
    *,
    taken: Iterable[str],
    dropped: Iterable[str],
    refusal: str,
    field: str,
) -> list[NaturalKeyClaim]:
    """The claims to save with ``person``: each value ``taken`` is claimed (409
    ``already-exists`` naming the person who holds it), each value ``dropped`` released if
    ``person`` holds it."""
    app = ctx.stores.scheduling
    owner = str(person.id)
    claims = []
    for value in sorted(taken):
        key = claim_key(ctx, practice, kind, value)
        existing = claim_exists(app, kind, key)
        if existing is None:
            claims.append(NaturalKeyClaim.claim(kind, key, owner, ctx.actor, ctx.now()))
            continue
        if existing.owner_id not in (None, owner):
            raise AlreadyExists(refusal, field=field, existing_person_id=existing.owner_id)
        existing.take(owner, ctx.actor, ctx.now())
        claims.append(existing)
    for value in sorted(dropped):
        existing = claim_exists(app, kind, claim_key(ctx, practice, kind, value))
        if existing is not None and existing.owner_id == owner:
            existing.release(ctx.actor, ctx.now())
            claims.append(existing)
    return claims

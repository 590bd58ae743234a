"""One person per email address in a practice that de-duplicates by email (the default,
``contacts.dedupe_by_email``): registering a second person with an address already on file,
or giving someone an address another person has, is refused with 409 naming that person.

Each address is held by a ``NaturalKeyClaim`` saved in the same write as the person, so two
registrations racing with one address cannot both succeed. The claim's key is a keyed blind
token of the address (``Sealer.blind``), never the address itself."""

from __future__ import annotations

from functools import cache

from practicerunner.adapters.readstore import Sealer
from practicerunner.commands.base import CommandContext, claim_exists
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import AlreadyExists
from practicerunner.domain.practice.practice import Practice

PERSON_EMAIL_CLAIM = "person-email"


@cache
def _sealer(cipher_key: str | None) -> Sealer:
    return Sealer(cipher_key)


def _addresses(person: Person) -> set[str]:
    return {str(e["address"]).strip().lower() for e in person.emails}


def _key(ctx: CommandContext, practice: Practice, address: str) -> str:
    token = _sealer(ctx.stores.settings.cipher_key).blind(PERSON_EMAIL_CLAIM, address)
    return f"{practice.id}/{token}"


def email_claims(
    ctx: CommandContext, practice: Practice, person: Person, before: set[str]
) -> list[NaturalKeyClaim]:
    """The claims to save with ``person`` whose addresses were ``before``: new addresses are
    claimed (refused when another person holds one), dropped ones released."""
    if not practice.settings.get("contacts", {}).get("dedupe_by_email", True):
        return []
    app = ctx.stores.scheduling
    owner = str(person.id)
    now = _addresses(person)
    claims = []
    for address in sorted(now - before):
        key = _key(ctx, practice, address)
        existing = claim_exists(app, PERSON_EMAIL_CLAIM, key)
        if existing is None:
            claims.append(
                NaturalKeyClaim.claim(PERSON_EMAIL_CLAIM, key, owner, ctx.actor, ctx.now())
            )
            continue
        if existing.owner_id not in (None, owner):
            raise AlreadyExists(
                "Someone in this practice already has that email address.",
                field="emails",
                existing_person_id=existing.owner_id,
            )
        existing.take(owner, ctx.actor, ctx.now())
        claims.append(existing)
    for address in sorted(before - now):
        existing = claim_exists(app, PERSON_EMAIL_CLAIM, _key(ctx, practice, address))
        if existing is not None and existing.owner_id == owner:
            existing.release(ctx.actor, ctx.now())
            claims.append(existing)
    return claims


def addresses_of(person: Person) -> set[str]:
    return _addresses(person)

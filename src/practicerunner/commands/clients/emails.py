"""One person per email address in a practice that de-duplicates by email (the default,
``contacts.dedupe_by_email``): registering a second person with an address already on file,
or giving someone an address another person has, is refused with 409 naming that person.

Each address is held by a claim saved in the same write as the person (``claims``), so two
registrations racing with one address cannot both succeed."""

from __future__ import annotations

from practicerunner.commands.base import CommandContext
from practicerunner.commands.clients.claims import person_claims
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.practice import Practice

PERSON_EMAIL_CLAIM = "person-email"


def _addresses(person: Person) -> set[str]:
    return {str(e["address"]).strip().lower() for e in person.emails}


def email_claims(
    ctx: CommandContext, practice: Practice, person: Person, before: set[str]
) -> list[NaturalKeyClaim]:
    """The claims to save with ``person`` whose addresses were ``before``: new addresses are
    claimed (refused when another person holds one), dropped ones released."""
    if not practice.settings.get("contacts", {}).get("dedupe_by_email", True):
        return []
    now = _addresses(person)
    return person_claims(
        ctx, practice, person, PERSON_EMAIL_CLAIM, taken=now - before, dropped=before - now,
        refusal="Someone in this practice already has that email address.", field="emails",
    )  # fmt: skip


def addresses_of(person: Person) -> set[str]:
    return _addresses(person)

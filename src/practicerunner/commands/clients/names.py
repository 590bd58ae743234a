"""One person per name and date of birth in a practice that de-duplicates by them (the default,
``contacts.dedupe_by_name_and_birth_date``): registering a second person with the given name,
family name and date of birth of someone on file, or renaming or re-dating someone into
another person's, is refused with 409 naming that person. Names compare without regard to
case or to spaces before, after and between words; a person without a date of birth claims
nothing.

Like the email claims (``emails``), the key is held by a claim saved in the same write as the
person (``claims``), so two registrations racing with one name and date cannot both succeed."""

from __future__ import annotations

from practicerunner.commands.base import CommandContext
from practicerunner.commands.clients.claims import person_claims
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.lifecycle import PersonKind
from practicerunner.domain.clients.people import Person
from practicerunner.domain.practice.practice import Practice

PERSON_NAME_BIRTH_CLAIM = "person-name-birth-date"


def _words(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def identity_of(person: Person) -> str | None:
    """What the claim is made of: the person's names, folded, and date of birth; None when
    there is nothing to claim (an organisation, or no date of birth)."""
    if person.kind == PersonKind.ORGANISATION or not person.birth_date:
        return None
    given, family = _words(person.given_name), _words(person.family_name)
    if not given or not family:
        return None
    return "\x1f".join((given, family, person.birth_date))


def name_birth_claims(
    ctx: CommandContext, practice: Practice, person: Person, before: str | None
) -> list[NaturalKeyClaim]:
    """The claims to save with ``person``, whose identity (``identity_of``) was ``before``:
    a new one is claimed (refused when another person holds it), the old one released. A
    practice that does not de-duplicate takes no claim but still gives up an old one, so that
    switching it back on later does not name someone for a name they no longer have."""
    now = identity_of(person)
    if now == before:
        return []
    dedupe = practice.settings.get("contacts", {}).get("dedupe_by_name_and_birth_date", True)
    return person_claims(
        ctx, practice, person, PERSON_NAME_BIRTH_CLAIM,
        taken=[now] if now is not None and dedupe else [],
        dropped=[before] if before is not None else [],
        refusal="Someone in this practice already has that name and date of birth.",
        field="birth_date",
    )  # fmt: skip

"""The clients context: people, their relationships and helpers, cases, the active-client
roster."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.active_clients import ActiveClientRoster
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.projections.clients.people import Cases, People

CONTEXT = ContextDeclaration(
    name="clients",
    # Bookings check and change cases and the roster in the same write as the appointment.
    store="scheduling",
    aggregates=(Person, Case, ActiveClientRoster, NaturalKeyClaim),
    projections=(People, Cases),
    routers=(
        "practicerunner.api.clients.people",
        "practicerunner.api.clients.cases",
        "practicerunner.api.clients.workflow",
    ),
    moved_from=(
        ("practicerunner.domain.people", (Person,)),
        ("practicerunner.domain.cases", (Case,)),
        ("practicerunner.domain.active_clients", (ActiveClientRoster,)),
    ),
)

"""The practice context: the practice itself, its staff, locations and services."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.practice.catalog import Location, Service
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.projections.practice.catalog import Locations, Services
from practicerunner.projections.practice.practice_directory import PracticeDirectory
from practicerunner.projections.practice.staff import StaffList

CONTEXT = ContextDeclaration(
    name="practice",
    store="practice",
    aggregates=(Practice, StaffMember, Location, Service, NaturalKeyClaim),
    projections=(PracticeDirectory, StaffList, Locations, Services),
    routers=(
        "practicerunner.api.system",
        "practicerunner.api.practice.practice",
        "practicerunner.api.practice.staff",
        "practicerunner.api.practice.catalog",
    ),
    moved_from=(
        ("practicerunner.domain.practice", (Practice,)),
        ("practicerunner.domain.staff", (StaffMember,)),
        ("practicerunner.domain.catalog", (Location, Service)),
    ),
)

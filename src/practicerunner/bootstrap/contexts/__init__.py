"""The contexts of this installation, in the order their routes and read models are listed.

A new context adds one module here with its ``CONTEXT`` declaration and one line below.
"""

from __future__ import annotations

from practicerunner.bootstrap.contexts import (
    audit,
    billing,
    clients,
    clinical,
    documents,
    identity,
    practice,
    scheduling,
    tasks,
)
from practicerunner.bootstrap.declaration import ContextDeclaration

CONTEXTS: tuple[ContextDeclaration, ...] = (
    practice.CONTEXT,
    identity.CONTEXT,
    clients.CONTEXT,
    scheduling.CONTEXT,
    clinical.CONTEXT,
    tasks.CONTEXT,
    documents.CONTEXT,
    billing.CONTEXT,
    audit.CONTEXT,
)

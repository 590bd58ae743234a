"""The audit context: every event of every aggregate with who did it and for whom (the
timestamp-to-version index auditors replay from), and the history routes over it."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration

# The audit trail follows every store, so the runtime builds it once it knows them all.
CONTEXT = ContextDeclaration(name="audit", routers=("practicerunner.api.audit.history",))

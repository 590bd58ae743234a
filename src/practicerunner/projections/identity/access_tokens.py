"""API access tokens by hash: how a bearer token finds its practice and staff member."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.identity.access_tokens import AccessToken
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class AccessTokens(Projection):
    name = "access_tokens"
    version = 1
    handles = (AccessToken.Issued, AccessToken.Revoked)
    tables = (
        Table(
            "access_tokens",
            {
                "token_hash": "TEXT",
                "token_id": "TEXT NOT NULL",
                "practice_id": "TEXT NOT NULL",
                "staff_id": "TEXT NOT NULL",
                "label": "TEXT NOT NULL",
                "revoked": "INTEGER NOT NULL",
                "issued_at": "TEXT NOT NULL",
            },
            key=("token_hash",),
            indexes=(("token_id",),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, AccessToken.Issued):
            batch.upsert(
                "access_tokens",
                {"token_hash": event.token_hash},
                token_id=str(event.originator_id),
                practice_id=event.practice_id,
                staff_id=event.staff_id,
                label=event.label,
                revoked=0,
                issued_at=event.timestamp.isoformat(),
            )
        elif isinstance(event, AccessToken.Revoked):
            batch.update("access_tokens", {"token_hash": event.token_hash}, revoked=1)

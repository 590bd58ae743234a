"""Secure pay links: ``/pay/<invoice id>.<expiry>.<mac>``. The MAC (HMAC-SHA256 with the
service's secret key) covers the invoice and the expiry, so a link cannot be altered or
extended, and it names nothing but an invoice id: no name, amount or email in the URL."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from uuid import UUID

LINK_LIFETIME = timedelta(days=30)
PURPOSE = "pay-link"


def _mac(key: bytes, invoice_id: UUID, expires: int) -> str:
    digest = hmac.new(key, f"{PURPOSE}:{invoice_id}:{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def pay_token(key: bytes, invoice_id: UUID, now: datetime) -> tuple[str, datetime]:
    expires = int((now + LINK_LIFETIME).timestamp())
    token = f"{invoice_id.hex}.{expires}.{_mac(key, invoice_id, expires)}"
    return token, datetime.fromtimestamp(expires, UTC)


def invoice_of_token(key: bytes, token: str, now: datetime) -> UUID | None:
    """The invoice a valid, unexpired link names; None for anything else."""
    try:
        ident, expires_text, mac = token.split(".", 2)
        invoice_id, expires = UUID(hex=ident), int(expires_text)
    except ValueError:
        return None
    if not hmac.compare_digest(mac, _mac(key, invoice_id, expires)):
        return None
    return invoice_id if now.timestamp() < expires else None

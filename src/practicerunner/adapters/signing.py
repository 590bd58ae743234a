"""Signed one-time links and hashed bearer secrets.

A link token is ``<id>.<mac>``: the id names the one-time thing (an invitation), the MAC proves
we issued it. Whether it is still usable (unused, unexpired) is the domain's decision.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from uuid import UUID


def _mac(key: bytes, purpose: str, ident: UUID) -> str:
    digest = hmac.new(key, f"{purpose}:{ident}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def sign_link(key: bytes, purpose: str, ident: UUID) -> str:
    return f"{ident.hex}.{_mac(key, purpose, ident)}"


def verify_link(key: bytes, purpose: str, token: str) -> UUID | None:
    try:
        ident_hex, mac = token.split(".", 1)
        ident = UUID(hex=ident_hex)
    except ValueError:
        return None
    return ident if hmac.compare_digest(mac, _mac(key, purpose, ident)) else None


def new_bearer_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_bound_link(key: bytes, purpose: str, owner: UUID, ident: UUID) -> str:
    """A one-time link bound to its owner (an account): ``<owner>.<id>.<mac>``. The MAC covers
    both, so a link cannot be replayed against another account."""
    return f"{owner.hex}.{sign_link(key, f'{purpose}:{owner}', ident)}"


def verify_bound_link(key: bytes, purpose: str, token: str) -> tuple[UUID, UUID] | None:
    owner_hex, _, rest = token.partition(".")
    try:
        owner = UUID(hex=owner_hex)
    except ValueError:
        return None
    ident = verify_link(key, f"{purpose}:{owner}", rest)
    return (owner, ident) if ident is not None else None


def keyed_hash(key: bytes, purpose: str, value: str) -> str:
    """A keyed hash for short secrets (recovery codes): without the server key, a stolen
    database does not let anyone test guesses offline."""
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

"""How long sessions live, when a sensitive action needs a fresh sign-in, and how sign-in
attempts are throttled. Pure rules; the session store applies them.

Throttling is designed so that an attacker cannot lock a real user out:

* Passkey sign-in cannot be guessed (it is a signature), so it is throttled only per network
  address: a flood from one address slows that address, never the account's owner elsewhere.
* Recovery codes can be guessed, so their failures also count per account-and-address pair
  (slowing one guesser) and per account across all addresses (slowing a distributed guesser).
  The per-account limit blocks only *recovery-code* sign-in for the account, never passkeys: a
  real user keeps signing in with a passkey while an attack on their codes is under way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

ABSOLUTE_LIFETIME_DEFAULT = timedelta(hours=12)
REAUTHENTICATION_WINDOW = timedelta(minutes=10)
CHALLENGE_LIFETIME = timedelta(minutes=5)
THROTTLE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int  # failures allowed within THROTTLE_WINDOW


PER_ADDRESS = Throttle("address", 20)
PER_ACCOUNT_AND_ADDRESS = Throttle("account-address", 5)
PER_ACCOUNT_RECOVERY = Throttle("account-recovery", 10)


def throttle_keys(address: str | None, account: str | None = None) -> dict[Throttle, str]:
    keys = {PER_ADDRESS: f"address:{address or 'unknown'}"}
    if account is not None:
        keys[PER_ACCOUNT_AND_ADDRESS] = f"account-address:{account}:{address or 'unknown'}"
        keys[PER_ACCOUNT_RECOVERY] = f"account-recovery:{account}"
    return keys


@dataclass(frozen=True)
class SessionTimeouts:
    idle: timedelta
    absolute: timedelta


def session_timeouts(kind: str, security_settings: dict[str, Any]) -> SessionTimeouts:
    """Staff idle 30 min, portal 15 min, both at most 12 h: the practice's Security settings."""
    idle_key = "staff_idle_timeout_minutes" if kind == "staff" else "portal_idle_timeout_minutes"
    idle_default = 30 if kind == "staff" else 15
    return SessionTimeouts(
        idle=timedelta(minutes=int(security_settings.get(idle_key, idle_default))),
        absolute=timedelta(hours=int(security_settings.get("absolute_session_hours", 12))),
    )

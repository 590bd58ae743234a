"""WebAuthn ceremonies (passkeys and security keys) through py_webauthn.

The relying party is configured once (RP ID and the one accepted origin, from Settings).
Registration and sign-in require user verification. Sign counters are compared here, after
the signature has been verified, so that only the holder of the key can trigger the
"cloned credential" response (a forged response cannot get someone's passkey suspended).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from practicerunner.config import Settings


class PasskeyRejected(Exception):
    """The response does not verify (wrong origin or RP, bad signature, wrong challenge...)."""


class CounterRegressed(Exception):
    """A valid signature with a counter at or below the known one: the key was probably copied."""

    def __init__(self, reported: int) -> None:
        super().__init__("sign counter did not increase")
        self.reported = reported


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origin: str

    @classmethod
    def from_settings(cls, settings: Settings) -> RelyingParty:
        return cls(
            id=settings.relying_party_id, name="PracticeRunner", origin=settings.public_origin
        )


@dataclass(frozen=True)
class NewPasskey:
    credential_id: str
    public_key: str
    sign_count: int
    user_verified: bool


def credential_id_of(credential: dict[str, Any]) -> str:
    """The credential's id in canonical base64url (as stored), or "" if malformed."""
    try:
        return bytes_to_base64url(base64url_to_bytes(str(credential.get("rawId", ""))))
    except (ValueError, TypeError):
        return ""


def registration_options(
    rp: RelyingParty,
    *,
    user_handle: bytes,
    user_name: str,
    display_name: str,
    existing: list[str],
) -> tuple[dict[str, Any], str]:
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=user_handle,
        user_name=user_name,
        user_display_name=display_name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in existing
        ],
    )
    return json.loads(options_to_json(options)), bytes_to_base64url(options.challenge)


def verify_registration(rp: RelyingParty, credential: dict[str, Any], challenge: str) -> NewPasskey:
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as e:
        raise PasskeyRejected(type(e).__name__) from None
    return NewPasskey(
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        user_verified=verified.user_verified,
    )


def authentication_options(rp: RelyingParty, allow: list[str] | None = None) -> tuple[dict, str]:
    options = generate_authentication_options(
        rp_id=rp.id,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in allow]
        if allow
        else None,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return json.loads(options_to_json(options)), bytes_to_base64url(options.challenge)


def verify_authentication(
    rp: RelyingParty,
    credential: dict[str, Any],
    challenge: str,
    public_key: str,
    known_count: int,
) -> int:
    """Verifies an assertion; returns the new sign count. Raises ``PasskeyRejected`` or, for a
    valid signature whose counter did not move forward, ``CounterRegressed``."""
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=base64url_to_bytes(public_key),
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as e:
        raise PasskeyRejected(type(e).__name__) from None
    reported = verified.new_sign_count
    # Authenticators that keep no counter always report 0 (many synced passkeys): accepted.
    if (reported > 0 or known_count > 0) and reported <= known_count:
        raise CounterRegressed(reported)
    return reported

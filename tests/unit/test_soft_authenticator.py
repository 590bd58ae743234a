"""The software authenticator against py_webauthn's real verification functions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import PublicKeyCredentialDescriptor
from webauthn.registration.verify_registration_response import VerifiedRegistration

from tests.support.soft_authenticator import SoftAuthenticator

RP_ID = "localhost"
ORIGIN = "http://localhost:8000"
USER_ID = b"user-0001"


def registration_options() -> tuple[dict[str, Any], bytes]:
    options = generate_registration_options(
        rp_id=RP_ID, rp_name="PracticeRunner", user_name="ada@example.org", user_id=USER_ID
    )
    return json.loads(options_to_json(options)), options.challenge


def authentication_options(credential_id: bytes | None = None) -> tuple[dict[str, Any], bytes]:
    allow = [PublicKeyCredentialDescriptor(id=credential_id)] if credential_id else None
    options = generate_authentication_options(rp_id=RP_ID, allow_credentials=allow)
    return json.loads(options_to_json(options)), options.challenge


def register(authenticator: SoftAuthenticator) -> VerifiedRegistration:
    options, challenge = registration_options()
    return verify_registration_response(
        credential=authenticator.create(options, ORIGIN),
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )


def authenticate(
    authenticator: SoftAuthenticator,
    registered: VerifiedRegistration,
    stored_count: int,
    credential: dict[str, Any] | None = None,
    challenge: bytes | None = None,
) -> int:
    if credential is None:
        options, challenge = authentication_options(registered.credential_id)
        credential = authenticator.get(options, ORIGIN)
    assert challenge is not None
    verified = verify_authentication_response(
        credential=credential,
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        credential_public_key=registered.credential_public_key,
        credential_current_sign_count=stored_count,
        require_user_verification=True,
    )
    return verified.new_sign_count


@pytest.mark.parametrize("fmt", ["none", "packed"])
def test_registration_verifies(fmt: Any) -> None:
    authenticator = SoftAuthenticator(attestation=fmt)
    registered = register(authenticator)

    assert registered.fmt == fmt
    assert registered.user_verified
    assert registered.sign_count == 0
    stored = authenticator.credentials[registered.credential_id]
    assert stored.public_key == registered.credential_public_key
    assert stored.user_handle == USER_ID
    assert stored.rp_id == RP_ID


def test_registration_response_is_a_json_string_too() -> None:
    options, challenge = registration_options()
    credential = SoftAuthenticator().create(json.dumps(options), ORIGIN)
    verify_registration_response(
        credential=json.dumps(credential),
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
    )


def test_authentication_verifies_and_reports_new_sign_count() -> None:
    authenticator = SoftAuthenticator()
    registered = register(authenticator)

    assert authenticate(authenticator, registered, stored_count=0) == 1
    assert authenticate(authenticator, registered, stored_count=1) == 2
    assert authenticator.credentials[registered.credential_id].sign_count == 2


def test_discoverable_authentication_returns_user_handle() -> None:
    authenticator = SoftAuthenticator()
    registered = register(authenticator)
    options, challenge = authentication_options()

    credential = authenticator.get(options, ORIGIN)

    assert base64url_to_bytes(credential["response"]["userHandle"]) == USER_ID
    assert base64url_to_bytes(credential["rawId"]) == registered.credential_id
    assert authenticate(authenticator, registered, 0, credential, challenge) == 1


def test_wrong_origin_is_refused() -> None:
    authenticator = SoftAuthenticator()
    options, challenge = registration_options()
    with pytest.raises(InvalidRegistrationResponse, match="origin"):
        verify_registration_response(
            credential=authenticator.create(options, "https://evil.example"),
            expected_challenge=challenge,
            expected_rp_id=RP_ID,
            expected_origin=ORIGIN,
        )

    registered = register(authenticator)
    options, challenge = authentication_options(registered.credential_id)
    phished = authenticator.get(options, "https://evil.example")
    with pytest.raises(InvalidAuthenticationResponse, match="origin"):
        authenticate(authenticator, registered, 0, phished, challenge)


def test_wrong_challenge_is_refused() -> None:
    authenticator = SoftAuthenticator()
    options, _ = registration_options()
    _, other_challenge = registration_options()
    with pytest.raises(InvalidRegistrationResponse, match="challenge"):
        verify_registration_response(
            credential=authenticator.create(options, ORIGIN),
            expected_challenge=other_challenge,
            expected_rp_id=RP_ID,
            expected_origin=ORIGIN,
        )

    registered = register(authenticator)
    options, _ = authentication_options(registered.credential_id)
    _, other_challenge = authentication_options()
    credential = authenticator.get(options, ORIGIN)
    with pytest.raises(InvalidAuthenticationResponse, match="challenge"):
        authenticate(authenticator, registered, 0, credential, other_challenge)


def test_rp_id_override_is_refused() -> None:
    authenticator = SoftAuthenticator()
    options, challenge = registration_options()
    with pytest.raises(InvalidRegistrationResponse, match="RP ID"):
        verify_registration_response(
            credential=authenticator.create(options, ORIGIN, rp_id="evil.example"),
            expected_challenge=challenge,
            expected_rp_id=RP_ID,
            expected_origin=ORIGIN,
        )

    registered = register(authenticator)
    options, challenge = authentication_options(registered.credential_id)
    credential = authenticator.get(options, ORIGIN, rp_id="evil.example")
    with pytest.raises(InvalidAuthenticationResponse, match="RP ID"):
        authenticate(authenticator, registered, 0, credential, challenge)


def test_cloned_authenticator_with_lagging_counter_is_refused() -> None:
    original = SoftAuthenticator()
    registered = register(original)
    stored = authenticate(original, registered, stored_count=0)
    clone = original.clone()
    cloned = clone.credentials[registered.credential_id]
    assert cloned.public_key == registered.credential_public_key

    stored = authenticate(original, registered, stored_count=stored)  # original moves on to 2
    with pytest.raises(InvalidAuthenticationResponse, match="sign count"):
        authenticate(clone, registered, stored_count=stored)  # clone also says 2


def test_rolled_back_counter_is_refused() -> None:
    authenticator = SoftAuthenticator()
    registered = register(authenticator)
    stored = authenticate(authenticator, registered, stored_count=0)
    stored = authenticate(authenticator, registered, stored_count=stored)

    authenticator.set_sign_count(registered.credential_id, 0)
    with pytest.raises(InvalidAuthenticationResponse, match="sign count"):
        authenticate(authenticator, registered, stored_count=stored)


def test_replayed_response_is_refused() -> None:
    authenticator = SoftAuthenticator()
    registered = register(authenticator)
    options, challenge = authentication_options(registered.credential_id)
    first = authenticator.get(options, ORIGIN)
    stored = authenticate(authenticator, registered, 0, first, challenge)

    replayed = authenticator.replay()
    assert replayed == first
    with pytest.raises(InvalidAuthenticationResponse, match="sign count"):
        authenticate(authenticator, registered, stored, replayed, challenge)
    _, fresh_challenge = authentication_options(registered.credential_id)
    with pytest.raises(InvalidAuthenticationResponse, match="challenge"):
        authenticate(authenticator, registered, stored, replayed, fresh_challenge)


def test_excluded_and_unknown_credentials_are_rejected_by_the_authenticator() -> None:
    authenticator = SoftAuthenticator()
    registered = register(authenticator)
    options, _ = registration_options()
    options["excludeCredentials"] = [
        {"type": "public-key", "id": bytes_to_base64url(registered.credential_id)}
    ]
    with pytest.raises(ValueError, match="InvalidStateError"):
        authenticator.create(options, ORIGIN)

    options, _ = authentication_options(b"not-a-credential-we-hold")
    with pytest.raises(LookupError):
        authenticator.get(options, ORIGIN)

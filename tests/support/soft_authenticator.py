"""A software WebAuthn authenticator for end-to-end tests of passkey sign-in.

It plays the roles of both the browser (building clientDataJSON) and the authenticator
(building authenticator data and signing with an ES256 / P-256 key), producing credential
JSON dicts in the shape ``navigator.credentials.create()/get()`` serialise to, which
py_webauthn's ``verify_registration_response`` / ``verify_authentication_response`` accept.

Knobs for attack tests:

* ``origin`` argument of :meth:`SoftAuthenticator.create` / :meth:`SoftAuthenticator.get`
  is written verbatim into clientDataJSON (pass a foreign origin to phish);
* ``rp_id`` keyword overrides the RP id whose SHA-256 goes into the authenticator data;
* :meth:`SoftAuthenticator.set_sign_count` sets or rolls back a credential's counter;
* :meth:`SoftAuthenticator.clone` copies keys and counters into an independent authenticator;
* :meth:`SoftAuthenticator.replay` returns a previously produced response unchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

JSONDict = dict[str, Any]

ES256 = -7
FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_AT = 0x40
AAGUID = bytes(16)


@dataclass
class SoftCredential:
    """One credential held by the authenticator (a passkey)."""

    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0

    @property
    def public_key(self) -> bytes:
        """The credential public key as a COSE_Key (EC2, P-256, ES256), CBOR-encoded."""
        numbers = self.private_key.public_key().public_numbers()
        cose_key = {
            1: 2,  # kty: EC2
            3: ES256,  # alg
            -1: 1,  # crv: P-256
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
        return cbor2.dumps(cose_key, canonical=True)

    def sign(self, data: bytes) -> bytes:
        """ECDSA-SHA256 signature of ``data``, DER-encoded."""
        return self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))


def _load(options: JSONDict | str) -> JSONDict:
    return json.loads(options) if isinstance(options, str) else options


def _client_data(kind: str, challenge_b64: str, origin: str) -> bytes:
    data = {"type": kind, "challenge": challenge_b64, "origin": origin, "crossOrigin": False}
    return json.dumps(data, separators=(",", ":")).encode()


class SoftAuthenticator:
    """An in-memory platform authenticator with ES256 credentials and per-credential counters."""

    def __init__(
        self,
        *,
        user_verified: bool = True,
        attestation: Literal["none", "packed"] = "none",
    ) -> None:
        self.user_verified = user_verified
        self.attestation = attestation
        self.credentials: dict[bytes, SoftCredential] = {}
        self.responses: list[JSONDict] = []

    # -- ceremonies ---------------------------------------------------------------------------

    def create(
        self,
        options: JSONDict | str,
        origin: str,
        *,
        rp_id: str | None = None,
        attestation: Literal["none", "packed"] | None = None,
    ) -> JSONDict:
        """Answer ``navigator.credentials.create()`` for creation options (JSON form)."""
        opts = _load(options)
        algs = [param.get("alg") for param in opts.get("pubKeyCredParams", [])]
        if algs and ES256 not in algs:
            raise ValueError(f"NotSupportedError: only ES256 (-7) is supported, offered {algs}")
        excluded = {base64url_to_bytes(d["id"]) for d in opts.get("excludeCredentials") or []}
        if excluded & self.credentials.keys():
            raise ValueError("InvalidStateError: authenticator holds an excluded credential")

        cred_rp_id = opts["rp"].get("id") or urlsplit(origin).hostname or ""
        credential = SoftCredential(
            credential_id=os.urandom(32),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            rp_id=cred_rp_id,
            user_handle=base64url_to_bytes(opts["user"]["id"]),
        )
        self.credentials[credential.credential_id] = credential

        attested = (
            AAGUID
            + struct.pack(">H", len(credential.credential_id))
            + credential.credential_id
            + credential.public_key
        )
        auth_data = self._auth_data(rp_id or cred_rp_id, FLAG_AT, credential.sign_count) + attested
        client_data = _client_data("webauthn.create", opts["challenge"], origin)

        fmt = attestation or self.attestation
        att_stmt: JSONDict = {}
        if fmt == "packed":  # self attestation: signed by the credential key itself
            signed = auth_data + hashlib.sha256(client_data).digest()
            att_stmt = {"alg": ES256, "sig": credential.sign(signed)}
        attestation_object = cbor2.dumps({"fmt": fmt, "attStmt": att_stmt, "authData": auth_data})

        cred_id_b64 = bytes_to_base64url(credential.credential_id)
        return self._record(
            {
                "id": cred_id_b64,
                "rawId": cred_id_b64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "attestationObject": bytes_to_base64url(attestation_object),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {},
                "authenticatorAttachment": "platform",
            }
        )

    def get(
        self,
        options: JSONDict | str,
        origin: str,
        credential_id: bytes | None = None,
        *,
        rp_id: str | None = None,
    ) -> JSONDict:
        """Answer ``navigator.credentials.get()`` for request options (JSON form).

        Increments the chosen credential's sign counter, then signs
        ``authenticatorData || sha256(clientDataJSON)``.
        """
        opts = _load(options)
        credential = self._select(opts, credential_id)
        credential.sign_count += 1

        auth_data = self._auth_data(
            rp_id or opts.get("rpId") or credential.rp_id, 0, credential.sign_count
        )
        client_data = _client_data("webauthn.get", opts["challenge"], origin)
        signature = credential.sign(auth_data + hashlib.sha256(client_data).digest())

        cred_id_b64 = bytes_to_base64url(credential.credential_id)
        return self._record(
            {
                "id": cred_id_b64,
                "rawId": cred_id_b64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(auth_data),
                    "signature": bytes_to_base64url(signature),
                    "userHandle": bytes_to_base64url(credential.user_handle),
                },
                "clientExtensionResults": {},
                "authenticatorAttachment": "platform",
            }
        )

    # -- attack knobs ---------------------------------------------------------------------------

    def set_sign_count(self, credential_id: bytes, sign_count: int) -> None:
        """Set (e.g. roll back) a credential's counter; the next ``get`` reports one more."""
        if sign_count < 0:
            raise ValueError("sign_count must be non-negative")
        self.credentials[credential_id].sign_count = sign_count

    def clone(self) -> SoftAuthenticator:
        """An independent authenticator holding the same keys, user handles and counters."""
        twin = SoftAuthenticator(user_verified=self.user_verified, attestation=self.attestation)
        twin.credentials = {
            cred_id: dataclasses.replace(cred) for cred_id, cred in self.credentials.items()
        }
        return twin

    def replay(self, index: int = -1) -> JSONDict:
        """A previously produced response (default: the latest), byte-for-byte unchanged."""
        return copy.deepcopy(self.responses[index])

    # -- internals ------------------------------------------------------------------------------

    def _auth_data(self, rp_id: str, extra_flags: int, sign_count: int) -> bytes:
        flags = FLAG_UP | extra_flags | (FLAG_UV if self.user_verified else 0)
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + struct.pack(">I", sign_count)

    def _select(self, opts: JSONDict, credential_id: bytes | None) -> SoftCredential:
        if credential_id is not None:
            if credential_id not in self.credentials:
                raise LookupError("NotAllowedError: unknown credential id")
            return self.credentials[credential_id]
        for descriptor in opts.get("allowCredentials") or []:
            found = self.credentials.get(base64url_to_bytes(descriptor["id"]))
            if found is not None:
                return found
        if not opts.get("allowCredentials"):  # discoverable credential flow
            rp_id = opts.get("rpId")
            for cred in reversed(list(self.credentials.values())):
                if rp_id is None or cred.rp_id == rp_id:
                    return cred
        raise LookupError("NotAllowedError: no matching credential on this authenticator")

    def _record(self, response: JSONDict) -> JSONDict:
        self.responses.append(response)
        return copy.deepcopy(response)

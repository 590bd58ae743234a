"""Configuration, read only from the environment (PRACTICERUNNER_*)."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ENV_PREFIX = "PRACTICERUNNER_"


class ConfigurationError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    broker_url: str = "memory://"
    cipher_key: str | None = None
    smtp_url: str | None = None
    stripe_api_base: str | None = None
    stripe_secret_key: str | None = field(default=None, repr=False)
    # Signs the webhooks Stripe sends (whsec_...): checked on the raw body of each delivery.
    stripe_webhook_secret: str | None = field(default=None, repr=False)
    secret_key: str = field(default="", repr=False)
    public_base_url: str = "http://127.0.0.1:8000"
    projection_batch_size: int = 500
    # Prefix of broker queue names, so several installations (or test runs) can share one
    # Redis or RabbitMQ without taking each other's messages.
    broker_namespace: str = "practicerunner"
    webauthn_rp_id: str | None = None

    @property
    def public_origin(self) -> str:
        """``scheme://host[:port]`` of the public base URL: the only origin passkey ceremonies
        and cookie-authenticated writes are accepted from."""
        parts = urlsplit(self.public_base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def relying_party_id(self) -> str:
        """The WebAuthn RP ID: PRACTICERUNNER_WEBAUTHN_RP_ID, else the public host. An IP
        address cannot be an RP ID, so a bare-IP base URL falls back to ``localhost`` (browse
        the dev server as http://localhost:8000 to use passkeys)."""
        if self.webauthn_rp_id:
            return self.webauthn_rp_id
        host = urlsplit(self.public_base_url).hostname or "localhost"
        return "localhost" if host.replace(".", "").isdigit() or ":" in host else host

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def is_memory(self) -> bool:
        """``memory://``: events in eventsourcing's in-process (POPO) recorder and read models
        in an in-memory SQLite database; nothing outlives the process. For unit tests."""
        return self.database_url.startswith("memory://")

    @property
    def sqlite_dir(self) -> Path:
        if self.is_postgres or self.is_memory:
            raise ConfigurationError("not an SQLite configuration")
        path = self.database_url.removeprefix("sqlite://")
        # sqlite:///abs/dir -> /abs/dir; sqlite://rel/dir -> rel/dir
        return Path(path) if path else self.data_dir / "store"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if environ is None else environ)

        def get(name: str, default: str | None = None) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value not in (None, "") else default

        data_dir = Path(get("DATA_DIR", "var") or "var").resolve()
        database_url = get("DATABASE_URL") or f"sqlite://{data_dir / 'store'}"
        if not database_url.startswith(("sqlite://", "postgresql://", "postgres://", "memory://")):
            raise ConfigurationError(
                "PRACTICERUNNER_DATABASE_URL must start with sqlite://, postgresql:// or memory://"
            )
        broker_url = get("BROKER_URL", "memory://") or "memory://"
        if not broker_url.startswith(("memory://", "redis://", "rediss://", "amqp://", "amqps://")):
            raise ConfigurationError(
                "PRACTICERUNNER_BROKER_URL must be memory://, redis://... or amqp://..."
            )
        cipher_key = get("CIPHER_KEY")
        if cipher_key:
            try:
                raw = base64.b64decode(cipher_key, validate=True)
            except binascii.Error as e:
                raise ConfigurationError("PRACTICERUNNER_CIPHER_KEY is not valid base64") from e
            if len(raw) not in (16, 24, 32):
                raise ConfigurationError(
                    "PRACTICERUNNER_CIPHER_KEY must decode to 16, 24 or 32 bytes (AES key)"
                )
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            broker_url=broker_url,
            cipher_key=cipher_key,
            smtp_url=get("SMTP_URL"),
            stripe_api_base=get("STRIPE_API_BASE"),
            stripe_secret_key=get("STRIPE_SECRET_KEY"),
            stripe_webhook_secret=get("STRIPE_WEBHOOK_SECRET"),
            secret_key=get("SECRET_KEY") or "",
            public_base_url=get("PUBLIC_BASE_URL", "http://127.0.0.1:8000") or "",
            projection_batch_size=int(get("PROJECTION_BATCH_SIZE", "500") or 500),
            broker_namespace=get("BROKER_NAMESPACE", "practicerunner") or "practicerunner",
            webauthn_rp_id=get("WEBAUTHN_RP_ID"),
        )
        if overrides:
            settings = cls(**{**settings.__dict__, **overrides})
        return settings

    def resolved_secret_key(self) -> bytes:
        """The key that signs one-time links. From PRACTICERUNNER_SECRET_KEY, or generated once
        into the data directory (every process on one machine then shares it)."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
        return path.read_text().strip().encode()


def postgres_params(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": str(parts.port or 5432),
        "user": parts.username or "postgres",
        "password": parts.password or "",
        "dbname": (parts.path or "/postgres").lstrip("/") or "postgres",
    }

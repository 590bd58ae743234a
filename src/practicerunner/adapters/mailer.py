"""Outgoing email over SMTP.

Product rules enforced here: every email has exactly one recipient (a bare address, no
CC/BCC, one RCPT TO), and nothing about a message body is ever logged or put into an
exception message. Only the Message-ID, which the caller derives from a dedupe key that
must not contain personal data, appears in logs and errors.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from types import MappingProxyType
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "DEFAULT_FROM_ADDRESS",
    "MailDeliveryError",
    "OutgoingEmail",
    "SmtpMailer",
    "SmtpSettings",
    "parse_smtp_url",
]

log = logging.getLogger(__name__)

DEFAULT_FROM_ADDRESS = "PracticeRunner <no-reply@localhost>"

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # printable ASCII except ':'
_MAX_DEDUPE_KEY = 200
# Headers the mailer owns; callers may not set or override them through `headers`.
_RESERVED_HEADERS = frozenset(
    {
        "bcc", "cc", "content-transfer-encoding", "content-type", "date", "from",
        "message-id", "mime-version", "resent-bcc", "resent-cc", "resent-to", "sender",
        "subject", "to",
    }
)  # fmt: skip

Security = Literal["none", "starttls", "tls"]


class MailDeliveryError(Exception):
    """An email could not be handed to the SMTP server.

    ``permanent`` is True when the server rejected the message with a 5xx reply (retrying
    will not help); connection problems and 4xx replies are transient.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def _is_bare_address(address: str) -> bool:
    local, at, domain = address.partition("@")
    return bool(
        at and len(address) <= 254 and _DOT_ATOM.fullmatch(local) and _DOMAIN.fullmatch(domain)
    )


def _validate_recipient(to: str) -> None:
    if any(sep in to for sep in ",;") or to.count("@") > 1:
        raise ValueError(f"an email must have exactly one recipient address, got {to!r}")
    if not _is_bare_address(to):
        raise ValueError(
            f"invalid recipient address {to!r}: expected one bare ASCII address "
            "like name@example.com (no display name, no list)"
        )


def _validate_header(name: str, value: str) -> None:
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(f"invalid header name {name!r}")
    if name.lower() in _RESERVED_HEADERS:
        raise ValueError(f"header {name!r} is set by the mailer and cannot be overridden")
    if "\r" in value or "\n" in value:
        raise ValueError(f"header {name!r} must be a single line")


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    """One email to exactly one recipient.

    ``dedupe_key`` identifies the logical message (e.g. ``invitation.3f2a9c``); sending the
    same key twice yields the same Message-ID, so receivers and our own outbox can detect
    duplicates. It must be a dot-atom (letters, digits, ``.-_+=`` ...) and carry no PHI.
    """

    to: str
    subject: str
    text: str
    dedupe_key: str
    html: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        _validate_recipient(self.to)
        if "\r" in self.subject or "\n" in self.subject:
            raise ValueError("subject must be a single line")
        if not self.subject.strip():
            raise ValueError("subject must not be empty")
        if len(self.dedupe_key) > _MAX_DEDUPE_KEY or not _DOT_ATOM.fullmatch(self.dedupe_key):
            raise ValueError(
                f"invalid dedupe key {self.dedupe_key!r}: use at most {_MAX_DEDUPE_KEY} "
                "letters, digits, dots and !#$%&'*+/=?^_`{|}~- (no '@', ':' or spaces)"
            )
        for name, value in self.headers.items():
            _validate_header(name, value)
        object.__setattr__(self, "headers", MappingProxyType(dict(self.headers)))

    @property
    def message_id(self) -> str:
        return f"<{self.dedupe_key}@practicerunner>"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: Security = "none"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    from_address: str = DEFAULT_FROM_ADDRESS
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ValueError(f"invalid SMTP port {self.port}")
        if self.security not in ("none", "starttls", "tls"):
            raise ValueError(f"invalid SMTP security mode {self.security!r}")
        if not _is_bare_address(self.envelope_from):
            raise ValueError(f"invalid from address {self.from_address!r}")

    @property
    def envelope_from(self) -> str:
        return parseaddr(self.from_address)[1]


def _parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"query parameter {name!r} must be true or false, got {value!r}")


def _parse_from_address(value: str) -> str:
    display_name, address = parseaddr(value)
    if not _is_bare_address(address):
        raise ValueError(f"invalid 'from' address {value!r}")
    username, domain = address.split("@")
    return str(Address(display_name=display_name, username=username, domain=domain))


def parse_smtp_url(url: str) -> SmtpSettings:
    """Parse ``smtp://[user:pass@]host:port[?starttls=true&from=...&timeout=10]`` or
    ``smtps://...`` (implicit TLS) into settings."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError("SMTP URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("SMTP URL has no host")
    if parts.path not in {"", "/"} or parts.fragment:
        raise ValueError("SMTP URL must not have a path or fragment")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    unknown = set(query) - {"starttls", "from", "timeout"}
    if unknown:
        raise ValueError(f"unknown SMTP URL parameter(s): {', '.join(sorted(unknown))}")
    if any(len(values) > 1 for values in query.values()):
        raise ValueError("SMTP URL parameters must not repeat")
    params = {name: values[0] for name, values in query.items()}

    starttls = _parse_bool("starttls", params["starttls"]) if "starttls" in params else False
    if parts.scheme == "smtps" and starttls:
        raise ValueError("smtps:// already uses implicit TLS; do not combine with starttls")
    security: Security = "tls" if parts.scheme == "smtps" else "starttls" if starttls else "none"
    try:
        port = parts.port
    except ValueError:
        raise ValueError("SMTP URL has an invalid port") from None
    if port is None:
        port = {"tls": 465, "starttls": 587, "none": 25}[security]
    try:
        timeout = float(params.get("timeout", "10"))
    except ValueError:
        raise ValueError("SMTP URL parameter 'timeout' must be a number of seconds") from None
    if not timeout > 0:
        raise ValueError("SMTP URL parameter 'timeout' must be positive")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and username is None:
        raise ValueError("SMTP URL has a password but no user name")
    from_address = _parse_from_address(params["from"]) if "from" in params else DEFAULT_FROM_ADDRESS
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        security=security,
        username=username,
        password=password,
        from_address=from_address,
        timeout=timeout,
    )


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


class SmtpMailer:
    """Sends `OutgoingEmail`s through one SMTP server, one connection per email."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    @classmethod
    def from_url(cls, url: str) -> SmtpMailer:
        return cls(parse_smtp_url(url))

    def build_message(self, email: OutgoingEmail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.from_address
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = email.message_id
        message["Auto-Submitted"] = "auto-generated"
        for name, value in email.headers.items():
            if name.lower() == "auto-submitted":
                del message["Auto-Submitted"]
            message[name] = value
        message.set_content(email.text)
        if email.html is not None:
            message.add_alternative(email.html, subtype="html")
        return message

    def send(self, email: OutgoingEmail) -> None:
        """Deliver ``email`` to the SMTP server; raise `MailDeliveryError` on failure."""
        message = self.build_message(email)
        settings = self.settings
        try:
            client = self._connect()
            try:
                self._transact(client, message, email.to)
                # The message is accepted now; a failed goodbye must not trigger a resend.
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    client.quit()
            finally:
                client.close()
        except (smtplib.SMTPException, OSError) as exc:
            permanent = _is_permanent(exc)
            log.warning(
                "email %s not delivered via %s:%d (%s, permanent=%s)",
                email.message_id, settings.host, settings.port, type(exc).__name__, permanent,
            )  # fmt: skip
            raise MailDeliveryError(
                f"could not deliver email {email.message_id} via "
                f"{settings.host}:{settings.port}: {type(exc).__name__}",
                permanent=permanent,
            ) from exc
        log.info("email %s handed to %s:%d", email.message_id, settings.host, settings.port)

    def _transact(self, client: smtplib.SMTP, message: EmailMessage, to: str) -> None:
        settings = self.settings
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.username is not None:
            client.login(settings.username, settings.password or "")
        # Exactly one RCPT TO. With a single recipient smtplib raises SMTPRecipientsRefused
        # when it is refused, so the returned "refused" mapping is always empty.
        client.send_message(message, from_addr=settings.envelope_from, to_addrs=[to])

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        if settings.security == "tls":
            return smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout,
                context=ssl.create_default_context(),
            )
        return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


class MaildirMailer:
    """Delivers into a local Maildir (``<data dir>/mail``) when no SMTP server is configured,
    so the embedded default works offline and a developer can read what would be sent."""

    def __init__(self, directory: str, from_address: str = DEFAULT_FROM_ADDRESS) -> None:
        import mailbox
        import os

        # The folders first: mailbox.Maildir makes them only when the mailbox folder is new,
        # so a worker thread that sees another thread's half-made mailbox would find no tmp/.
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(directory, sub), exist_ok=True)
        self._box = mailbox.Maildir(directory, create=True)
        self._smtp = SmtpMailer(SmtpSettings(host="localhost", port=25, from_address=from_address))

    def send(self, email: OutgoingEmail) -> None:
        self._box.add(self._smtp.build_message(email))

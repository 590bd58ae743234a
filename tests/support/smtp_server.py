"""A real SMTP server on 127.0.0.1 for tests, backed by aiosmtpd.

    with LocalSmtpServer() as smtp:
        SmtpMailer.from_url(smtp.url).send(email)
        (received,) = smtp.wait_for(1)
        assert received.rcpt_tos == ("client@example.com",)

The server runs in aiosmtpd's own thread; received messages are guarded by a condition
variable so tests can read them (and wait for them) from any thread.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from types import TracebackType
from typing import Any, Self, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

__all__ = ["LocalSmtpServer", "ReceivedMessage"]

_HOST = "127.0.0.1"
_BIND_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes
    login: str | None  # the authenticated user name, if the client logged in


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((_HOST, 0))
        return cast(int, probe.getsockname()[1])


class _Handler:
    def __init__(self, server: LocalSmtpServer) -> None:
        self._server = server

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.lower() in self._server.refused_recipients:
            return "550 5.1.1 Recipient refused by test server"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)
        auth = session.auth_data
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        self._server._record(
            ReceivedMessage(
                mail_from=envelope.mail_from or "",
                rcpt_tos=tuple(envelope.rcpt_tos),
                message=message,
                raw=raw,
                login=login,
            )
        )
        return "250 2.0.0 Message accepted"


class LocalSmtpServer:
    """Context manager running an SMTP server on a free port of 127.0.0.1.

    ``credentials=(user, password)`` advertises AUTH (without TLS, this is a test server) and
    accepts only that login; clients that do not log in can still send. Addresses in
    ``refused_recipients`` are rejected at RCPT TO with a permanent 550.
    """

    def __init__(
        self,
        *,
        credentials: tuple[str, str] | None = None,
        refused_recipients: Collection[str] = (),
    ) -> None:
        self.credentials = credentials
        self.refused_recipients = frozenset(addr.lower() for addr in refused_recipients)
        self._received: list[ReceivedMessage] = []
        self._condition = threading.Condition()
        self._controller: Controller | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Self:
        if self._controller is not None:
            raise RuntimeError("LocalSmtpServer is already running")
        last_error: OSError | None = None
        for _ in range(_BIND_ATTEMPTS):  # another process may grab the probed port first
            port = _free_port()
            controller = self._make_controller(port)
            try:
                controller.start()
            except OSError as exc:
                last_error = exc
                controller.stop(no_assert=True)
                controller.loop.close()
                continue
            self._controller, self.port = controller, port
            return self
        raise RuntimeError("could not bind a local SMTP server") from last_error

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _make_controller(self, port: int) -> Controller:
        kwargs: dict[str, Any] = {}
        if self.credentials is not None:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False)
        return Controller(_Handler(self), hostname=_HOST, port=port, **kwargs)

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            self.credentials is not None
            and isinstance(data, LoginPassword)
            and (data.login.decode(), data.password.decode()) == self.credentials
        )
        if not ok:  # handled=False makes aiosmtpd answer "535 credentials invalid"
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=data)

    # -- inspection ------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return _HOST

    @property
    def url(self) -> str:
        if self._controller is None:
            raise RuntimeError("LocalSmtpServer is not running")
        return f"smtp://{_HOST}:{self.port}"

    @property
    def messages(self) -> list[ReceivedMessage]:
        """A snapshot of the messages received so far, oldest first."""
        with self._condition:
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Block until at least ``count`` messages arrived; return a snapshot of them all."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(self._received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"expected {count} message(s) within {timeout}s, got {len(self._received)}"
                    )
                self._condition.wait(remaining)
            return list(self._received)

    def clear(self) -> None:
        with self._condition:
            self._received.clear()

    def _record(self, received: ReceivedMessage) -> None:
        with self._condition:
            self._received.append(received)
            self._condition.notify_all()

"""The real service for browser tests: uvicorn on a free port of 127.0.0.1, an SQLite store in
the test's temporary folder, mail to the local SMTP server, background work in-process.

The public base URL names ``localhost`` (passkeys need a host name), so every link the service
emails points at this server, and the test opens exactly what a person would click.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.api.app import create_app
from practicerunner.bootstrap.payments import stripe_for_serving
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from tests.support.smtp_server import LocalSmtpServer


@dataclass
class Service:
    runtime: Runtime
    base_url: str
    smtp: LocalSmtpServer
    stripe: FakeStripeServer | None = None  # the fake Stripe, webhooks to this service

    def api(self, token: str) -> httpx.Client:
        """An API client with a bearer token (for arranging what a test needs)."""
        return httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=15
        )

    def caught_up(self) -> None:
        rt = self.runtime
        assert rt.engine.wait_for(list(rt.engine.projections), rt.stores.head_positions(), 15)

    def emailed_link(self, to: str, path: str, timeout: float = 15.0) -> str:
        """The newest link to ``path`` (e.g. "/join/") in a message to ``to``."""
        pattern = re.compile(re.escape(self.base_url + path) + r"[^\s\"'<>]+")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for received in reversed(self.smtp.messages):
                if to in received.rcpt_tos:
                    body = received.message.get_body(preferencelist=("plain", "html"))
                    found = pattern.findall(body.get_content() if body else "")
                    if found:
                        return str(found[-1])
            time.sleep(0.1)
        raise AssertionError(f"no email to {to} with a {path} link")


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@contextmanager
def running_service(data_dir: Path, smtp: LocalSmtpServer, web_dist: Path) -> Iterator[Service]:
    sock = _listening_socket()
    port = sock.getsockname()[1]
    base_url = f"http://localhost:{port}"
    settings = Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(data_dir),
            "PRACTICERUNNER_DATABASE_URL": f"sqlite://{data_dir / 'store'}",
            "PRACTICERUNNER_SMTP_URL": smtp.url,
            "PRACTICERUNNER_SECRET_KEY": "browser-test-secret",
            "PRACTICERUNNER_PUBLIC_BASE_URL": base_url,
        }
    )
    settings, stripe = stripe_for_serving(settings, settle_after=None)
    runtime = Runtime(settings)
    app = create_app(runtime, background=True)
    app.state.web_dist = web_dist
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
            time.sleep(0.05)
        yield Service(runtime, base_url, smtp, stripe)
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
        runtime.close()
        if stripe is not None:
            stripe.stop()

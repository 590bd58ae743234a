"""Runs the fake on a real socket with uvicorn, in a thread of this process:

with FakeStripeServer() as server:
    gateway = StripeGateway("sk_test_fake", api_base=server.url, webhook_secret=server.secret)
    ...
    server.fake.webhooks.target = "http://127.0.0.1:8000/..."
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Self

import uvicorn
from starlette.applications import Starlette

from practicerunner.adapters.stripe_fake.api import api_routes
from practicerunner.adapters.stripe_fake.dashboard import dashboard_routes
from practicerunner.adapters.stripe_fake.pages import page_routes
from practicerunner.adapters.stripe_fake.state import FakeStripe


def create_app(fake: FakeStripe) -> Starlette:
    return Starlette(routes=[*api_routes(fake), *page_routes(fake), *dashboard_routes(fake)])


class FakeStripeServer:
    def __init__(
        self, fake: FakeStripe | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.fake = fake or FakeStripe()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        bound_host, bound_port = self._socket.getsockname()[:2]
        self.url = f"http://{bound_host}:{bound_port}"
        self.fake.base_url = self.url
        config = uvicorn.Config(
            create_app(self.fake), log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def secret(self) -> str:
        """The webhook signing secret (``whsec_...``) the fake signs with."""
        return self.fake.webhooks.secret

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            daemon=True,
            name="fake-stripe",
        )
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the fake Stripe server did not start")
            self._thread.join(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

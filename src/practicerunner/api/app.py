"""The FastAPI application, built around a Runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from practicerunner import __version__
from practicerunner.api import errors, openapi
from practicerunner.api.idempotency import IdempotencyMiddleware
from practicerunner.api.web_app import serve_web_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.bootstrap.wiring import router_modules
from practicerunner.projections.identity.credentials import CredentialLookup
from practicerunner.projections.practice.queries import ReadModels


def create_app(runtime: Runtime, *, background: bool = False) -> FastAPI:
    """``background`` runs projections, the dispatcher and the in-memory worker in this process
    (``serve`` on the embedded default)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background:
            runtime.start_background(worker=runtime.settings.broker_url.startswith("memory://"))
        try:
            yield
        finally:
            if background:
                runtime.stop_background()

    # /docs and /redoc load their scripts and styles from the service (an installed package),
    # so they work without reaching any other host.
    app = FastAPIOffline(
        title="PracticeRunner API",
        version=__version__,
        summary="Practice management for therapy and consultation practices.",
        lifespan=lifespan,
        swagger_ui_parameters={"persistAuthorization": True},
    )
    app.state.runtime = runtime
    app.state.read_models = ReadModels(runtime.engine)
    app.state.credentials = CredentialLookup(runtime.db, runtime.engine)
    errors.install(app)
    app.add_middleware(IdempotencyMiddleware, db=runtime.db, clock=runtime.clock)
    for module in router_modules():
        app.include_router(import_module(module).router)
    openapi.install(app)
    serve_web_app(app)  # last: the web app answers only GETs that no API route does
    return app

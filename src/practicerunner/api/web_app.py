"""Serving the built web app (``web/dist``) from the service, behind the API.

The API keeps every path it has: the app is only what a browser gets for a GET that no API
route answers. Such a request receives a file of the build when one matches (hashed assets,
the favicon), otherwise, for a page navigation (``Accept: text/html``), the app's page, so
client-side routes such as ``/join/<token>``, ``/reset/<token>`` and
``/o/<practice-slug>/enter/<token>`` survive a reload. The portal (``/o/<slug>/...``) is its
own, smaller page (``portal.html``); everything else is the staff app (``index.html``).
Requests that are not page navigations keep the API's problem+json 404.

Staff screens must therefore never take a path that is also an API GET path (see
``web/README.md``).

Pages carry a strict Content-Security-Policy (the app loads nothing from elsewhere) and
``Referrer-Policy: no-referrer``, because one-time link tokens live in page URLs.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

DEFAULT_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
PORTAL_PREFIX = "/o/"

PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>PracticeRunner</title></head><body><main><h1>The web app is not built</h1>
<p>Run <code>make web</code> (or <code>make run</code>) to build it; the API is available at
<a href="/docs">/docs</a>.</p></main></body></html>"""


def serve_web_app(app: FastAPI, dist: Path = DEFAULT_DIST) -> None:
    """Serve the app for GETs the API does not answer. Call after every router is included;
    ``app.state.web_dist`` may be pointed elsewhere (tests build into a temporary folder)."""
    app.state.web_dist = dist
    api_not_found = app.exception_handlers[StarletteHTTPException]

    async def not_found_or_app(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404 and request.method in ("GET", "HEAD"):
            served = app_response(Path(request.app.state.web_dist), request)
            if served is not None:
                return served
        answered = api_not_found(request, exc)
        return await answered if inspect.isawaitable(answered) else answered

    app.add_exception_handler(StarletteHTTPException, not_found_or_app)


def app_response(dist: Path, request: Request) -> Response | None:
    path = request.url.path
    built = _built_file(dist, path)
    if built is not None:
        headers = IMMUTABLE if path.startswith("/assets/") else {"Cache-Control": "no-cache"}
        return FileResponse(built, headers=headers)
    if "text/html" not in request.headers.get("accept", ""):
        return None
    page = dist / ("portal.html" if _is_portal(path) else "index.html")
    if not page.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers=PAGE_HEADERS)
    return FileResponse(page, media_type="text/html", headers=PAGE_HEADERS)


def _is_portal(path: str) -> bool:
    slug = path.removeprefix(PORTAL_PREFIX).split("/", 1)[0]
    return path.startswith(PORTAL_PREFIX) and bool(slug)


def _built_file(dist: Path, path: str) -> Path | None:
    """A file of the build named by the URL path, never an HTML page and never outside it."""
    relative = path.lstrip("/")
    if not relative or relative.endswith(".html") or "\\" in relative:
        return None
    root = dist.resolve()
    candidate = (root / relative).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate

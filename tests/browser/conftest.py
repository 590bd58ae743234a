"""Browser tests: the real service (see service.py) and Debian's Chromium (see browser.py).

They are skipped when Chromium or the built app is missing; ``.ci/run`` installs Chromium,
``make test`` builds the app first, and CI fails when these tests were skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.browser import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT
from tests.browser.service import Service, running_service
from tests.support.smtp_server import LocalSmtpServer

WEB_DIST = ROOT / "web" / "dist"

# The practice's zone is America/New_York; one browser far from it, one near.
BROWSER_ZONES = ["Pacific/Auckland", "America/Chicago"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    missing = [p for p in (CHROMIUM, WEB_DIST / "index.html", AXE) if not p.exists()]
    if missing:
        pytest.skip(
            f"browser tests need {', '.join(map(str, missing))} (make web; apt install chromium)"
        )
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    with LocalSmtpServer() as smtp, running_service(tmp_path / "var", smtp, WEB_DIST) as svc:
        yield svc


def new_context(browser: Browser, zone: str, *, phone: bool = False) -> BrowserContext:
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 860}
    context = browser.new_context(
        timezone_id=zone, locale="en-US", viewport=size, is_mobile=phone, has_touch=phone
    )
    context.add_init_script(path=str(AXE))  # not subject to the page's CSP
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(params=BROWSER_ZONES[:1])
def zone(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Browser, zone: str) -> Iterator[Page]:
    context = new_context(browser, zone)
    page = context.new_page()
    yield page
    context.close()

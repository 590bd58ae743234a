"""Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright, a WebAuthn
virtual authenticator (Chromium's DevTools protocol) standing in for a person's passkey, axe-core
(from web/node_modules) checking each screen against WCAG 2.1 A and AA, and a screenshot of each
screen under var/screenshots/ on every run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def add_virtual_authenticator(context: BrowserContext, page: Page) -> Any:
    """A platform authenticator with resident keys and user verification that always says yes,
    as a phone or laptop with a fingerprint reader would for its owner."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def stored_credentials(cdp: Any, authenticator_id: str) -> list[dict[str, Any]]:
    return list(
        cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    )


def check_accessibility(page: Page, screen: str) -> None:
    """No axe-core violation of WCAG 2.1 A/AA rules on what the page shows now."""
    assert page.evaluate("() => typeof window.axe === 'object'"), "axe-core is not loaded"
    result = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })", WCAG_21_A_AA
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], (
        f"{screen}: accessibility violations\n{json.dumps(violations, indent=2)}"
    )


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_screen(page: Page, name: str) -> None:
    """Every main screen: saved as a screenshot and checked with axe."""
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    check_accessibility(page, name)

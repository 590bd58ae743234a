"""Staff in the browser: a colleague joins from the invitation emailed to them, with a
passkey on a virtual authenticator, and lands on the home screen."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.browser import add_virtual_authenticator
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.support.passkeys import invite_owner
from tests.support.tenants import Tenant


def joined_staff(
    service: Service, browser: Browser, email: str, zone: str
) -> tuple[BrowserContext, Page]:
    """A browser of its own for the person invited at ``email``, signed in by joining."""
    context = new_context(browser, zone)
    page = context.new_page()
    add_virtual_authenticator(context, page)
    page.goto(service.emailed_link(email, "/join/"))
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_role("button", name="Create passkey").click()
    page.get_by_label("I have saved my recovery codes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    return context, page


def signed_in_owner(
    service: Service, browser: Browser, zone: str, tenant: Tenant, email: str
) -> tuple[BrowserContext, Page]:
    """The owner who opened the practice from the CLI, joined from their invitation."""
    invite_owner(service.runtime, tenant)
    return joined_staff(service, browser, email, zone)

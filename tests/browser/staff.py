"""A signed-in staff browser, as a person gets one: the owner opens the invitation emailed to
them, registers a passkey with the virtual authenticator and saves the recovery codes."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.browser import add_virtual_authenticator
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.support.passkeys import invite_owner
from tests.support.tenants import Tenant


def signed_in_owner(
    service: Service, browser: Browser, zone: str, tenant: Tenant, email: str
) -> tuple[BrowserContext, Page]:
    invite_owner(service.runtime, tenant)
    link = service.emailed_link(email, "/join/")
    context = new_context(browser, zone)
    page = context.new_page()
    add_virtual_authenticator(context, page)
    page.goto(link)
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_role("button", name="Create passkey").click()
    page.get_by_label("I have saved my recovery codes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    return context, page

"""A staff member signed in on a browser page, the way they would be: the invitation link,
a passkey made on the page's virtual authenticator, the recovery codes acknowledged."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.browser import add_virtual_authenticator
from tests.browser.service import Service
from tests.support.passkeys import invitation_token, invite_owner
from tests.support.tenants import Tenant


def join_in_browser(service: Service, page: Page, staff_id: str) -> None:
    """``staff_id`` was invited (and not joined yet): they join from their link."""
    add_virtual_authenticator(page.context, page)
    page.goto(f"{service.base_url}/join/{invitation_token(service.runtime, staff_id)}")
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_role("button", name="Create passkey").click()
    page.get_by_label("I have saved my recovery codes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()


def owner_signed_in(service: Service, page: Page, tenant: Tenant) -> None:
    invite_owner(service.runtime, tenant)
    join_in_browser(service, page, tenant.owner_id)

"""An invited owner joins with a passkey from the emailed link, signs out and signs in again."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.browser import add_virtual_authenticator, check_screen, stored_credentials
from tests.browser.service import Service
from tests.support.passkeys import invite_owner
from tests.support.tenants import open_tenant

OWNER_EMAIL = "owner@harbor-therapy.example"


def test_an_invited_owner_joins_signs_out_and_signs_in_with_the_passkey(
    service: Service, page: Page
) -> None:
    tenant = open_tenant(service.runtime)
    invite_owner(service.runtime, tenant)
    link = service.emailed_link(OWNER_EMAIL, "/join/")
    cdp, authenticator = add_virtual_authenticator(page.context, page)

    page.goto(link)
    expect(page.get_by_role("heading", name="Join your practice")).to_be_visible()
    assert page.title() == "Join your practice · PracticeRunner"  # no name, no email
    check_screen(page, "staff-join")
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_role("button", name="Create passkey").click()

    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    check_screen(page, "staff-recovery-codes")
    assert len(stored_credentials(cdp, authenticator)) == 1
    continue_button = page.get_by_role("button", name="Continue")
    expect(continue_button).to_be_disabled()
    page.get_by_label("I have saved my recovery codes").check()
    continue_button.click()

    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.get_by_text("Times in America/New_York")).to_be_visible()
    check_screen(page, "staff-today")

    page.get_by_role("button", name=re.compile("^Account")).click()
    page.get_by_role("menuitem", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="You signed out.")).to_be_visible()
    check_screen(page, "staff-sign-in")
    page.goto(service.base_url + "/account")  # signed out: the app asks to sign in first
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_role("table", name="Your passkeys")).to_contain_text("Work laptop")
    check_screen(page, "staff-account")

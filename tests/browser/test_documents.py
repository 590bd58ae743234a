"""Billing documents in the browser: from a case's page, staff make a superbill for the
month, see it rendered, download the PDF (read back), and email its secure link."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import completed_session, person, ready_practice

PRACTICE_ZONE = "America/New_York"  # the zone of ready_practice's practice


def test_staff_make_download_and_email_a_superbill_from_the_case_page(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client = person(api, p, "Nora", "Quinn")  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [client], "provider_ids": [p.provider_id],
    }).json()["id"]  # fmt: skip
    _, start = completed_session(api, p, case, days_ago=3)
    service.caught_up()

    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/clients/cases/{case}")
    documents = page.get_by_role("form", name="New document")
    expect(documents).to_be_visible()
    # The session's day in the practice's timezone (three days ago may be last month there).
    day = start.astimezone(ZoneInfo(PRACTICE_ZONE)).date()
    documents.get_by_label("From").fill(day.replace(day=1).isoformat())
    documents.get_by_label("To").fill(day.isoformat())
    documents.get_by_role("button", name="Make document").click()
    table = page.get_by_role("table", name="Documents of this case")
    expect(table.get_by_text("Ready · 1 session")).to_be_visible(timeout=30_000)
    check_screen(page, "staff-case-documents")

    with page.expect_download() as download:
        table.get_by_role("link", name="Download").click()
    saved = download.value
    assert saved.suggested_filename.startswith("superbill-")  # no name in the file name
    with open(saved.path(), "rb") as pdf:
        text = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    assert "90834" in text and "Nora Quinn" in text

    table.get_by_role("button", name="Email link").click()
    expect(page.get_by_role("status").filter(has_text="secure link was emailed")).to_be_visible()
    link = service.emailed_link("nora.quinn@example.com", "/o/")
    assert "/documents?link=" in link and "nora" not in link.lower()


def test_a_client_opens_the_emailed_link_in_the_portal_and_downloads(
    service: Service, page: Page
) -> None:
    from tests.browser.conftest import new_context

    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client = person(api, p, "Ida", "Lund")  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [client], "provider_ids": [p.provider_id],
    }).json()["id"]  # fmt: skip
    _, start = completed_session(api, p, case, days_ago=2)
    day = start.astimezone(ZoneInfo(PRACTICE_ZONE)).date().isoformat()
    made = api.post("/documents", json={
        "case_id": case, "kind": "superbill", "period_start": day, "period_end": day,
    }).json()  # fmt: skip
    service.caught_up()
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    while api.get(f"/documents/{made['id']}").json()["status"] != "ready":
        assert datetime.now(UTC) < deadline, "the superbill was not rendered"
        service.caught_up()
    assert api.post(f"/documents/{made['id']}/send", json={}).status_code == 200
    opened = api.post(
        "/portal-accounts", json={"person_id": client, "email": "ida.lund@example.com"}
    )
    assert opened.status_code in (200, 201), opened.text
    link = service.emailed_link("ida.lund@example.com", "/o/")

    phone = new_context(page.context.browser, "America/New_York", phone=True)  # type: ignore[arg-type]
    portal = phone.new_page()
    portal.goto(link)
    # Signed out: the portal asks for a sign-in link first; then the document opens.
    portal.get_by_label("Your email address").fill("ida.lund@example.com")
    portal.get_by_role("button", name="Email me a sign-in link").click()
    portal.goto(service.emailed_link("ida.lund@example.com", "/o/harbor-therapy/enter/"))
    expect(portal.get_by_role("link", name=re.compile("^Your documents"))).to_be_visible()
    portal.goto(link)
    expect(portal.get_by_role("heading", name="Your documents")).to_be_visible()
    item = portal.get_by_role("list", name="Documents").get_by_role("listitem")
    expect(item).to_have_count(1)
    check_screen(portal, "portal-documents")
    with portal.expect_download() as download:
        item.get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert "Ida Lund" in PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    phone.close()

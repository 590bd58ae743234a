"""Private calendar feeds: valid iCalendar (series expand correctly with
recurring-ical-events), nothing clinical in them, cheap polling, revocable and rotatable."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import recurring_ical_events
from fastapi.testclient import TestClient
from icalendar import Calendar

from practicerunner.bootstrap.runtime import Runtime
from tests.support.problems import refusal
from tests.support.scheduling import Practice, book, open_case, person, ready_practice, wait

NY = ZoneInfo("America/New_York")


def _issue(client: TestClient, p: Practice, kind: str, owner_id: str) -> str:
    r = client.post(
        "/calendar-feeds/issue", json={"owner_kind": kind, "owner_id": owner_id}, headers=p.headers
    )
    assert r.status_code == 200, r.text
    token = r.json()["extra"]["token"]
    assert len(token) >= 22  # at least 128 bits, URL-safe
    return str(token)


def _setup(client: TestClient, p: Practice) -> tuple[str, list[str]]:
    alex = person(client, p, "Alex", "Rivera")
    sam = person(client, p, "Sam", "Rivera")
    couple = open_case(client, p, "couple", [alex, sam], title="partners")
    client.post(
        f"/cases/{couple}/record-diagnosis",
        json={"person_id": alex, "code": "F41.1", "diagnosed_on": "2026-02-01"},
        headers=p.headers,
    )
    client.post(
        f"/people/{alex}/change-notes", json={"notes": "SECRET panic attacks"}, headers=p.headers
    )
    r = client.post(
        "/series",
        json={
            "case_id": couple, "provider_id": p.provider_id, "service_id": p.therapy_service_id,
            "location_id": p.office_id, "start": "2026-03-03T10:00:00-05:00",
            "rule": "FREQ=WEEKLY;COUNT=6",
        },
        headers=p.headers,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    ids = r.json()["extra"]["appointment_ids"]
    client.post(f"/appointments/{ids[1]}/cancel", json={"by": "practice"}, headers=p.headers)
    client.post(
        f"/appointments/{ids[2]}/reschedule",
        json={"start": "2026-03-18T16:00:00-04:00"},
        headers=p.headers,
    )
    r = book(client, p, couple, "2026-03-05T12:00:00-05:00")
    wait(client, p, r.json()["position"])
    return alex, ids


def _starts(body: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(datetime(2026, 3, 1), datetime(2026, 5, 1))
    return {
        e["DTSTART"].dt.astimezone(NY).strftime("%m-%d %H:%M"): str(e.get("STATUS")) for e in events
    }


def test_provider_feed_parses_expands_and_holds_nothing_clinical(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    _setup(client, p)
    token = _issue(client, p, "provider", p.provider_id)
    r = client.get(f"/feeds/{token}.ics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    for secret in (b"F41.1", b"SECRET", b"panic", b"Rivera"):
        assert secret not in r.content
    titles = (b"Couple session: A.R. & S.R.", b"Couple session: S.R. & A.R.")
    assert any(t in r.content for t in titles)
    starts = _starts(r.content)
    # 10:00 New York on both sides of the DST change; the moved one at its new time; the
    # cancelled one marked cancelled; the single appointment too.
    assert starts == {
        "03-03 10:00": "CONFIRMED",
        "03-05 12:00": "CONFIRMED",
        "03-10 10:00": "CANCELLED",
        "03-18 16:00": "CONFIRMED",
        "03-24 10:00": "CONFIRMED",
        "03-31 10:00": "CONFIRMED",
        "04-07 10:00": "CONFIRMED",
    }

    # Polling is cheap: the same feed answers 304 to its ETag and to its Last-Modified.
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert client.get(f"/feeds/{token}.ics", headers={"If-None-Match": etag}).status_code == 304
    r = client.get(f"/feeds/{token}.ics", headers={"If-Modified-Since": modified})
    assert r.status_code == 304

    # Full names, when the practice prefers them.
    r = client.post(
        "/practice/change-settings",
        json={"group": "reminders", "values": {"provider_feed_titles": "full_name"}},
        headers=p.headers,
    )
    assert r.status_code == 200, r.text
    r = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": etag})
    assert r.status_code == 200 and b"Alex Rivera" in r.content and b"F41.1" not in r.content


def test_client_feed_names_the_practice_and_provider(runtime: Runtime, client: TestClient) -> None:
    p = ready_practice(runtime)
    alex, _ = _setup(client, p)
    token = _issue(client, p, "client", alex)
    r = client.get(f"/feeds/{token}.ics")
    assert r.status_code == 200
    assert b"Harbor Therapy: session with Jonah Clinician" in r.content
    for secret in (b"F41.1", b"SECRET", b"Sam"):
        assert secret not in r.content
    assert len(_starts(r.content)) == 7


def test_revoked_and_rotated_tokens_answer_404(runtime: Runtime, client: TestClient) -> None:
    p = ready_practice(runtime)
    first = _issue(client, p, "provider", p.provider_id)
    assert client.get(f"/feeds/{first}.ics").status_code == 200
    second = _issue(client, p, "provider", p.provider_id)  # rotate
    refusal(client.get(f"/feeds/{first}.ics"), 404, "not-found")
    assert client.get(f"/feeds/{second}.ics").status_code == 200
    r = client.post(
        "/calendar-feeds/revoke",
        json={"owner_kind": "provider", "owner_id": p.provider_id},
        headers=p.headers,
    )
    assert r.status_code == 200, r.text
    r = client.get(f"/feeds/{second}.ics")
    refusal(r, 404, "not-found")
    refusal(client.get("/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"), 404, "not-found")

"""With a cipher key, no personal or clinical value sits in plaintext anywhere at rest: not in
any SQLite file (WAL included) and not in a pg_dump. Search and the schedule still work."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings, postgres_params
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import bearer, caught_up, invite, joined, sign_in
from tests.support.scheduling import book, open_case, ready_practice

KEY = base64.b64encode(bytes(range(32))).decode()
CLIENT = {
    "given_name": "Marigold",
    "family_name": "Thistlewaite",
    "birth_date": "1987-04-23",
    "emails": [{"address": "marigold.t@example.org", "primary": True}],
    "phones": [{"number": "+1 207 555 0199", "primary": True}],
    "address": {
        "line1": "17 Larkspur Lane",
        "city": "Brunswickton",
        "postal_code": "04011",
        "country": "US",
    },
}
NOTES = "Prefers afternoon sessions; allergic to lavender"
INSURER, MEMBER_ID = "Quillback Mutual", "QM-99887766"
DIAGNOSIS = "F43.12"
STAFF_EMAIL = "rowan.quillfeather@harbor.example"
PORTAL_EMAIL = "marigold.portal@example.org"
SECRETS = [
    "Marigold",
    "Thistlewaite",
    "thistlewaite",
    "1987-04-23",
    "marigold.t@example.org",
    "207 555 0199",
    "2075550199",
    "Larkspur",
    "Brunswickton",
    "afternoon sessions",
    "lavender",
    INSURER,
    MEMBER_ID,
    DIAGNOSIS,
    "Jonah",  # the provider's name ("Jonah Clinician")
    "Clinician",
    "Olive",  # the owner's name
    STAFF_EMAIL,
    "rowan.quillfeather",
    PORTAL_EMAIL,
]


@pytest.fixture
def sealed(settings: Settings, clock: ControlledClock) -> Iterator[Runtime]:
    env = {
        "PRACTICERUNNER_DATA_DIR": str(settings.data_dir),
        "PRACTICERUNNER_DATABASE_URL": settings.database_url,
        "PRACTICERUNNER_SECRET_KEY": "test-secret",
        "PRACTICERUNNER_CIPHER_KEY": KEY,
    }
    if settings.smtp_url:
        env["PRACTICERUNNER_SMTP_URL"] = settings.smtp_url
    rt = Runtime(Settings.from_env(env), clock=clock)
    try:
        yield rt
    finally:
        rt.close()


def plaintext_in_files(settings: Settings) -> dict[str, list[str]]:
    """Every file of the data directory and the SQLite store (databases, -wal, -shm, keys)."""
    files = {p for d in (settings.data_dir, settings.sqlite_dir) for p in d.rglob("*")}
    assert any(p.name.endswith(".sqlite3") or p.suffix == ".db" for p in files), files
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in files if p.is_file()):
        raw = path.read_bytes()
        hits = [s for s in SECRETS if s.encode() in raw or s.encode("utf-16-le") in raw]
        if hits:
            found[str(path)] = hits
    return found


def pg_dump(database_url: str) -> bytes:
    params = postgres_params(database_url)
    args = ["pg_dump", "--no-owner", "--data-only"]
    for flag, name in (("-h", "host"), ("-p", "port"), ("-U", "user"), ("-d", "dbname")):
        if params.get(name):
            args += [flag, str(params[name])]
    env = {"PGPASSWORD": str(params.get("password") or "")}
    return subprocess.run(args, check=True, capture_output=True, env=env).stdout


def test_no_personal_value_is_stored_in_plaintext_and_search_still_finds_people(
    backend: str, sealed: Runtime, settings: Settings
) -> None:
    p = ready_practice(sealed)
    with TestClient(create_app(sealed, background=True)) as api:
        h = p.headers
        # A client with every kind of personal and clinical detail
        r = api.post("/people", json=CLIENT, headers=h)
        assert r.status_code == 201, r.text
        person_id = r.json()["id"]
        caught_up(sealed)
        for path, body in (
            ("change-notes", {"notes": NOTES}),
            ("record-insurance", {"payer": INSURER, "member_id": MEMBER_ID}),
        ):
            r = api.post(f"/people/{person_id}/{path}", json=body, headers=h)
            assert r.status_code == 200, r.text
        caught_up(sealed)
        case_id = open_case(api, p, "individual", [person_id])
        r = api.post(
            f"/cases/{case_id}/record-diagnosis",
            json={"person_id": person_id, "code": DIAGNOSIS, "diagnosed_on": "2026-03-01"},
            headers=h,
        )
        assert r.status_code == 200, r.text
        booked = book(api, p, case_id, "2026-03-03T15:00:00+00:00")
        assert booked.status_code == 201, booked.text
        # A portal account, and a staff member who joins and signs in with a passkey
        r = api.post(
            "/portal-accounts", json={"person_id": person_id, "email": PORTAL_EMAIL}, headers=h
        )
        assert r.status_code in (200, 201), r.text
        staff_id = invite(sealed, p.tenant, Role.PROVIDER, STAFF_EMAIL)
        authenticator, _, _ = joined(api, sealed, staff_id)
        signed_in = sign_in(api, authenticator)
        assert signed_in.status_code == 200, signed_in.text
        caught_up(sealed)

        # Search by name prefix and by exact email still finds the client
        for query in (
            "name=thist",
            "name=Mari",
            "name=marigold%20th",
            "email=MARIGOLD.T@example.org",
        ):
            found = api.get(f"/people?{query}", headers=h).json()["items"]
            assert [f["person_id"] for f in found] == [person_id], query
        assert api.get("/people?name=thistle%20zz", headers=h).json()["items"] == []
        assert api.get("/people?email=marigold@example.org", headers=h).json()["items"] == []
        person = api.get(f"/people/{person_id}", headers=h).json()
        assert person["display_name"] == "Marigold Thistlewaite" and person["notes"] == NOTES

        # The schedule shows real names
        items = api.get("/schedule?date=2026-03-03&view=day", headers=h).json()["items"]
        assert [i["provider_name"] for i in items] == ["Jonah Clinician"]
        assert items[0]["service_name"] == "Psychotherapy" and items[0]["location_name"] == "Video"
        assert items[0]["case_label"] == "Marigold Thistlewaite"
        me = api.get("/auth/me", headers=bearer(signed_in.json()["token"]))
        assert me.status_code == 200

        # Nothing personal is readable at rest
        if backend == "sqlite":
            assert plaintext_in_files(settings) == {}
        else:
            dump = pg_dump(settings.database_url)
            assert b"Harbor Street office" in dump  # the dump holds the practice's data
            leaked = [s for s in SECRETS if s.encode() in dump]
            assert leaked == []
    if backend == "sqlite":
        # ...nor after the WAL is checkpointed and every connection closed
        sealed.close()
        assert plaintext_in_files(settings) == {}

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from tests.support.tenants import open_tenant


def test_owner_sees_practice(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    r = client.get("/practice", headers=tenant.headers)
    assert r.status_code == 200, r.text
    assert r.json()["slug"] == "harbor-therapy"
    r = client.post("/practice/rename", json={"name": "Harbor Two"}, headers=tenant.headers)
    assert r.status_code == 200, r.text
    pos = r.json()["position"]
    r = client.get(f"/practice?after={pos}", headers=tenant.headers)
    assert r.json()["name"] == "Harbor Two"

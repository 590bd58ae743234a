"""A group note keeps one section per participant. The service returns a section only to a
reader who may see that participant: the query hands out exactly the sections asked for, and
a clinician who reaches one member of the group only through another case reads nothing of
the group's note (it answers like a note that does not exist)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.projections.clinical.queries import ClinicalQueries
from tests.support.clinical import open_clinic
from tests.support.problems import refusal

THEME = {"theme": "Coping with the holidays"}


def test_each_participant_s_section_reaches_only_readers_who_may_see_them(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    jonah = c.hire("jonah", Role.PROVIDER)
    li = c.hire("li", Role.PROVIDER)
    ana, ben = (
        c.ok("owner", "/people", {"given_name": g, "family_name": "Member"})["id"]
        for g in ("Ana", "Ben")
    )
    group = c.ok(
        "owner", "/cases",
        {"kind": "therapy_group", "participant_ids": [ana, ben], "provider_ids": [jonah]},
    )["id"]  # fmt: skip
    # Li sees Ana in individual work, and has nothing to do with the group or with Ben.
    c.ok("owner", "/cases", {"kind": "individual", "participant_ids": [ana], "provider_ids": [li]})
    session = c.completed_session("jonah", group, jonah)
    started = c.ok("jonah", f"/appointments/{session}/note/start", {})
    note = started["id"]
    sections = {
        ana: {"participation": "Ana spoke first."},
        ben: {"participation": "Ben left early."},
    }
    c.ok(
        "jonah", f"/notes/{note}/draft", {"content": THEME, "sections": sections},
        **{"If-Match": f'"{started["version"]}"'},
    )  # fmt: skip
    c.ok("jonah", f"/notes/{note}/sign")
    c.idle()

    # The group's clinician and the owner read every section.
    for who in ("jonah", "owner"):
        shown = c.get(who, f"/notes/{note}").json()
        assert shown["sections"] == sections, who
    # Li reaches Ana, but not the group: the group's note does not exist for Li.
    for path in (f"/notes/{note}", f"/appointments/{session}/note", f"/cases/{group}/notes"):
        refusal(c.get("li", path), 404, "not-found")

    # The narrowing itself: a reader allowed Ana only gets Ana's section and none of Ben's text.
    queries = ClinicalQueries(runtime.engine)
    only_ana = queries.note(str(c.tenant.practice_id), note, [ana])
    assert only_ana is not None
    assert only_ana["sections"] == {ana: sections[ana]}
    assert "Ben left early." not in repr(only_ana)
    assert only_ana["content"] == THEME

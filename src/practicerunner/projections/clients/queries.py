"""Queries over the people and cases read models. Names and contact points are sealed, so a
search matches blind-index tokens (``search_terms``) and the list is ordered by name in
memory after unsealing (``Reader.sorted_page``)."""

from __future__ import annotations

from typing import Any

from practicerunner.adapters.readstore import Transaction
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.projections.clients.reach import CaseReach
from practicerunner.projections.clients.search_terms import (
    EMAIL,
    PHONE,
    email_value,
    phone_value,
    query_terms,
)
from practicerunner.projections.paging import Page
from practicerunner.projections.reading import marks


class ClientQueries(CaseReach):
    # -- people ---------------------------------------------------------------------------

    def person(self, practice_id: str, person_id: str) -> dict[str, Any] | None:
        return self.reader.one(
            "people", "people", "practice_id = %s AND person_id = %s", [practice_id, person_id]
        )

    def people(
        self,
        practice_id: str,
        *,
        status: str | None = None,
        contact_type: str | None = None,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        clinician_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """People by family-then-given name. ``name`` matches people with a name word that
        starts with each word typed; ``email`` and ``phone`` match exactly (case and
        punctuation aside). ``clinician_id`` narrows the list to the people that clinician
        may see."""
        where, params = "t.practice_id = %s", [practice_id]
        reach, reach_params = self.people_reach_clause(practice_id, clinician_id)
        where += reach
        params.extend(reach_params)
        if status:
            where += " AND t.status = %s"
            params.append(status)
        if contact_type:
            where += " AND t.contact_type = %s"
            params.append(contact_type)
        terms = query_terms(self.reader.sealer, name) if name else []
        if email is not None:
            terms.append(self.reader.sealer.blind(EMAIL, email_value(email)))
        if phone is not None:
            terms.append(self.reader.sealer.blind(PHONE, phone_value(phone)))
        if (name or email is not None or phone is not None) and not terms:
            return Page([], None)  # nothing searchable was typed
        if terms:
            with self.db.read() as tx:
                index = self.engine.tables(tx, "people")["people_terms"]
            for term in terms:
                where += (
                    f" AND t.person_id IN (SELECT person_id FROM {index} "
                    "WHERE practice_id = %s AND term = %s)"
                )
                params.extend([practice_id, term])
        return self.reader.sorted_page(
            "people", "people", where, params, ("sort_name",), lambda r: r["sort_name"] or "",
            limit, cursor,
        )  # fmt: skip

    def people_with_email(self, practice_id: str, email: str) -> list[str]:
        """Ids of the practice's people with this email address (for de-duplication)."""
        term = self.reader.sealer.blind(EMAIL, email_value(email))
        with self.db.read() as tx:
            index = self.engine.tables(tx, "people")["people_terms"]
            rows = tx.fetchall(
                f"SELECT person_id FROM {index} WHERE practice_id = %s AND term = %s "
                "ORDER BY person_id",
                [practice_id, term],
            )
        return [str(r[0]) for r in rows]

    def names(self, tx: Transaction, person_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Display names by person id (a narrow read: only the name is unsealed)."""
        if not person_ids:
            return {}
        rows = self.reader.select(
            tx, "people", "people", f"person_id IN ({marks(person_ids)})", list(person_ids),
            columns=("person_id", "display_name"),
        )  # fmt: skip
        return {r["person_id"]: r for r in rows}

    def staff_names(self, tx: Transaction, staff_ids: list[str]) -> dict[str, str]:
        """Staff members' names ("Given Family") by id, unsealed."""
        if not staff_ids:
            return {}
        rows = self.reader.select(
            tx, "staff", "staff", f"staff_id IN ({marks(staff_ids)})", sorted(staff_ids),
            columns=("staff_id", "given_name", "family_name"),
        )  # fmt: skip
        return {r["staff_id"]: f"{r['given_name']} {r['family_name']}" for r in rows}

    def actor_names(self, practice_id: str, ids: list[str]) -> dict[str, str]:
        """Names of whoever acted (a staff member, or a client in the portal) by id, within
        one practice: another practice's ids get no name."""
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        with self.db.read() as tx:
            staff = self.reader.select(
                tx, "staff", "staff",
                f"practice_id = %s AND staff_id IN ({marks(wanted)})", [practice_id, *wanted],
                columns=("staff_id", "given_name", "family_name"),
            )  # fmt: skip
            found = {r["staff_id"]: f"{r['given_name']} {r['family_name']}" for r in staff}
            rest = [i for i in wanted if i not in found]
            if rest:
                people = self.reader.select(
                    tx, "people", "people",
                    f"practice_id = %s AND person_id IN ({marks(rest)})", [practice_id, *rest],
                    columns=("person_id", "display_name"),
                )  # fmt: skip
                found.update({r["person_id"]: r["display_name"] for r in people})
        return found

    # -- cases ----------------------------------------------------------------------------

    def case(self, practice_id: str, case_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self.reader.select(
                tx, "cases", "cases", "practice_id = %s AND case_id = %s", [practice_id, case_id]
            )
            if not rows:
                return None
            participants = self.reader.select(
                tx, "cases", "case_participants", "case_id = %s", [case_id], "ORDER BY joined_on"
            )
            people = self.names(tx, [p["person_id"] for p in participants])
        return self._case_view(rows[0], participants, people)

    @staticmethod
    def _case_view(
        case: dict[str, Any], participants: list[dict[str, Any]], people: dict[str, Any]
    ) -> dict[str, Any]:
        kind = CaseKind(case["kind"])
        case["kind_label"] = kind.label
        case["features"] = sorted(kind.features)
        case["participants"] = [
            {
                "person_id": p["person_id"],
                "display_name": people.get(p["person_id"], {}).get("display_name"),
                "joined_on": p["joined_on"],
                "left_on": p["left_on"],
                "billing_contact_id": case["participant_billing_contacts"].get(p["person_id"]),
                "status": case["participant_statuses"].get(p["person_id"]),
            }
            for p in participants
        ]
        return case

    def cases(
        self,
        practice_id: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        person_id: str | None = None,
        provider_id: str | None = None,
        clinician_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """``clinician_id`` narrows the list to the cases that clinician serves or supervises."""
        where, params = "t.practice_id = %s", [practice_id]
        reach, reach_params = self.reach_clause(practice_id, clinician_id)
        where += reach
        params.extend(reach_params)
        with self.db.read() as tx:
            tables = self.engine.tables(tx, "cases")
        if kind:
            where += " AND t.kind = %s"
            params.append(kind)
        if status:
            where += " AND t.status = %s"
            params.append(status)
        if person_id:
            where += (
                f" AND t.case_id IN (SELECT case_id FROM {tables['case_participants']} "
                "WHERE person_id = %s)"
            )
            params.append(person_id)
        if provider_id:
            where += (
                f" AND t.case_id IN (SELECT case_id FROM {tables['case_providers']} "
                "WHERE provider_id = %s)"
            )
            params.append(provider_id)
        page = self.reader.page(
            "cases", "cases", where, params, ("t.opened_at", "t.case_id"), limit, cursor
        )
        with self.db.read() as tx:
            shaped = []
            for case in page.items:
                participants = self.reader.select(
                    tx, "cases", "case_participants", "case_id = %s", [case["case_id"]],
                    "ORDER BY joined_on",
                )  # fmt: skip
                people = self.names(tx, [p["person_id"] for p in participants])
                shaped.append(self._case_view(case, participants, people))
        return Page(shaped, page.next_cursor)

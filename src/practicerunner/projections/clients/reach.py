"""Case-level access from the read models: which cases (and so which people and
appointments) a clinician serves or supervises. Every list a clinician sees is narrowed by
these clauses, so they live once, beside the one read path."""

from __future__ import annotations

from typing import Any

from practicerunner.adapters.readstore import Transaction
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.reading import Reader, marks


class CaseReach:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db
        self.reader = Reader(engine)

    def _reach(self, tx: Transaction, practice_id: str, clinician_id: str) -> tuple[str, list[Any]]:
        """A subquery of the ids of the cases a clinician serves (assigned, or provider of one
        of its appointments) or supervises (case supervisor, an appointment's supervising
        clinician, or default supervisor of an associate who serves it)."""
        c = self.engine.tables(tx, "cases")
        a = self.engine.tables(tx, "schedule")["appointments"]
        staff = self.engine.tables(tx, "staff")["staff"]
        sql = (
            f"SELECT case_id FROM {c['case_providers']} WHERE practice_id = %s "
            "AND provider_id = %s "
            f"UNION SELECT case_id FROM {c['cases']} WHERE practice_id = %s AND supervisor_id = %s "
            f"UNION SELECT case_id FROM {a} WHERE practice_id = %s "
            "AND (provider_id = %s OR supervisor_id = %s) "
            f"UNION SELECT cp.case_id FROM {c['case_providers']} cp JOIN {staff} sm "
            "ON sm.staff_id = cp.provider_id WHERE cp.practice_id = %s "
            "AND sm.default_supervisor_id = %s "
            f"UNION SELECT ap.case_id FROM {a} ap JOIN {staff} sm ON sm.staff_id = ap.provider_id "
            "WHERE ap.practice_id = %s AND sm.default_supervisor_id = %s"
        )
        p, x = practice_id, clinician_id
        return sql, [p, x, p, x, p, x, x, p, x, p, x]

    def reach_clause(
        self, practice_id: str, clinician_id: str | None, column: str = "t.case_id"
    ) -> tuple[str, list[Any]]:
        """`` AND <column> IN (cases the clinician reaches)``; nothing for None (no narrowing)."""
        if clinician_id is None:
            return "", []
        with self.db.read() as tx:
            sql, params = self._reach(tx, practice_id, clinician_id)
        return f" AND {column} IN ({sql})", params

    def people_reach_clause(
        self, practice_id: str, clinician_id: str | None
    ) -> tuple[str, list[Any]]:
        """People a clinician may see: those taking part in (or paying for) a case they
        reach, and people in no case at all yet (enquiries, contacts)."""
        if clinician_id is None:
            return "", []
        with self.db.read() as tx:
            sql, params = self._reach(tx, practice_id, clinician_id)
            c = self.engine.tables(tx, "cases")
        clause = (
            f" AND (NOT EXISTS (SELECT 1 FROM {c['case_participants']} pp "
            "WHERE pp.person_id = t.person_id) "
            f"OR t.person_id IN (SELECT person_id FROM {c['case_participants']} "
            f"WHERE case_id IN ({sql})) "
            f"OR t.person_id IN (SELECT billing_contact_id FROM {c['cases']} "
            f"WHERE billing_contact_id IS NOT NULL AND case_id IN ({sql})))"
        )
        return clause, [*params, *params]

    def case_team(self, practice_id: str, case_id: str) -> tuple[set[str], set[str]] | None:
        """(providers, supervisors) of a case from the read models, None for no such case:
        assigned providers and appointment providers serve it; the case supervisor,
        appointments' supervising clinicians and the default supervisors of associates who
        serve it supervise it."""
        with self.db.read() as tx:
            rows = self.reader.select(
                tx, "cases", "cases", "practice_id = %s AND case_id = %s", [practice_id, case_id],
                columns=("provider_ids", "supervisor_id"),
            )  # fmt: skip
            if not rows:
                return None
            providers = set(rows[0]["provider_ids"])
            supervisors = {rows[0]["supervisor_id"]} - {None}
            a = self.engine.tables(tx, "schedule")["appointments"]
            for provider_id, supervisor_id in tx.fetchall(
                f"SELECT DISTINCT provider_id, supervisor_id FROM {a} WHERE case_id = %s",
                [case_id],
            ):
                providers.add(provider_id)
                if supervisor_id:
                    supervisors.add(supervisor_id)
            supervisors |= self.default_supervisors(tx, providers)
        return providers, supervisors

    def default_supervisors(self, tx: Transaction, staff_ids: set[str]) -> set[str]:
        if not staff_ids:
            return set()
        staff = self.engine.tables(tx, "staff")["staff"]
        found = tx.fetchall(
            f"SELECT default_supervisor_id FROM {staff} WHERE staff_id IN ({marks(staff_ids)}) "
            "AND default_supervisor_id IS NOT NULL",
            sorted(staff_ids),
        )
        return {r[0] for r in found}

    def default_supervisors_of(self, staff_ids: set[str]) -> set[str]:
        if not staff_ids:
            return set()
        with self.db.read() as tx:
            return self.default_supervisors(tx, staff_ids)

    def person_reachable(self, practice_id: str, person_id: str, clinician_id: str) -> bool:
        clause, params = self.people_reach_clause(practice_id, clinician_id)
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT 1 FROM (SELECT CAST(%s AS TEXT) AS person_id) t WHERE 1 = 1{clause}",
                [person_id, *params],
            )
        return row is not None

import { Button, Group, SegmentedControl, Select, TextInput } from "@mantine/core";
import { useState } from "react";
import { caseName } from "@/lib/case-kinds";
import { ROLE_LABELS, knownTaskTypes } from "@/lib/task-types";
import { useFindPeople, usePersonCases, usePersonName } from "../api/find-people";
import type { TaskFilters, TaskStatus } from "../task-filters";

const CLINICIANS = new Set(["provider", "associate"]);

/** Assignee, type, status, client, case and due date. */
export function TaskFiltersBar({ filters, role, staff, onChange }: {
  filters: TaskFilters;
  role: string;
  staff: { id: string; name: string }[];
  onChange: (next: TaskFilters) => void;
}) {
  const set = (change: Partial<TaskFilters>) => onChange({ ...filters, ...change });
  const wide = !CLINICIANS.has(role);
  const assignees = [
    { value: "me", label: "Mine and my role's" },
    ...(wide
      ? [
          { value: "anyone", label: "Everyone's" },
          ...Object.entries(ROLE_LABELS).map(([r, label]) => ({ value: `role:${r}`, label: `Role: ${label}` })),
          ...staff.map((s) => ({ value: `staff:${s.id}`, label: s.name })),
        ]
      : []),
  ];
  const [search, setSearch] = useState("");
  const found = useFindPeople(search);
  const chosenName = usePersonName(filters.personId);
  const cases = usePersonCases(filters.personId);
  const people = [
    ...(filters.personId ? [{ value: filters.personId, label: chosenName.data ?? "Chosen client" }] : []),
    ...(found.data?.items ?? []).filter((p) => p.person_id !== filters.personId).map((p) => ({ value: p.person_id, label: p.display_name })),
  ];

  return (
    <Group align="flex-end" wrap="wrap" role="search" aria-label="Filter tasks">
      {wide && <Select label="Assigned to" data={assignees} value={filters.assignee} allowDeselect={false} onChange={(v) => set({ assignee: v ?? "me" })} w={220} searchable />}
      <Select label="Type" placeholder="Any type" data={knownTaskTypes()} value={filters.type} onChange={(v) => set({ type: v })} clearable w={220} />
      <div>
        <SegmentedControl aria-label="Status" value={filters.status} onChange={(v) => set({ status: v as TaskStatus })}
          data={[{ value: "open", label: "Open" }, { value: "resolved", label: "Resolved" }, { value: "any", label: "All" }]} />
      </div>
      <Select label="Client" placeholder="Type a name" data={people} value={filters.personId} searchable clearable
        searchValue={search} onSearchChange={setSearch} nothingFoundMessage={search.length >= 2 ? "Nobody by that name" : "Type two letters"}
        onChange={(v) => set({ personId: v, caseId: null })} w={220} filter={({ options }) => options} />
      {filters.personId && (
        <Select label="Case" placeholder="Any case" data={(cases.data?.items ?? []).map((c) => ({ value: c.case_id, label: caseName(c) }))}
          value={filters.caseId} onChange={(v) => set({ caseId: v })} clearable w={220} />
      )}
      <TextInput type="date" label="Due by" value={filters.dueBy ?? ""} onChange={(e) => set({ dueBy: e.currentTarget.value || null })} w={170} />
      <Button variant="subtle" onClick={() => onChange({ assignee: "me", type: null, status: "open", personId: null, caseId: null, dueBy: null })}>Clear filters</Button>
    </Group>
  );
}

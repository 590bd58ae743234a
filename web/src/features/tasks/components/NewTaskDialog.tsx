import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { practiceInstant } from "@/lib/practice-time";
import { useCreateTask } from "../api/create-task";
import { assigneeChoices, parseAssignee } from "../assignee";
import type { TaskFilters } from "../task-filters";

const PRIORITIES = ["low", "normal", "high", "urgent"].map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }));

/** A task written by hand, about the client and case the list is filtered to (if any). */
export function NewTaskDialog({ zone, staff, filters, onClose }: {
  zone: string;
  staff: Map<string, string> | undefined;
  filters: TaskFilters;
  onClose: () => void;
}) {
  const create = useCreateTask();
  const [title, setTitle] = useState("");
  const [assignee, setAssignee] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState("");
  const [dueTime, setDueTime] = useState("17:00");
  const [priority, setPriority] = useState("normal");
  const who = assignee ? parseAssignee(assignee) : null;

  const submit = () => {
    if (!who) return;
    create.mutate(
      {
        title: title.trim(),
        assignee: who,
        due_at: dueDate ? practiceInstant({ date: dueDate, time: dueTime || "17:00" }, zone).toISOString() : null,
        priority: priority as "low" | "normal" | "high" | "urgent",
        person_id: filters.personId,
        case_id: filters.caseId,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal opened onClose={onClose} title="New task" closeButtonProps={{ "aria-label": "Close" }}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack>
          <TextInput label="What needs doing" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-autofocus />
          <Select label="Assign to" required data={assigneeChoices(staff)} value={assignee} onChange={setAssignee} searchable />
          <Group grow>
            <TextInput type="date" label={`Due date (${zone})`} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} />
            <TextInput type="time" label="Due time" value={dueTime} onChange={(e) => setDueTime(e.currentTarget.value)} disabled={!dueDate} />
          </Group>
          <Select label="Priority" data={PRIORITIES} value={priority} onChange={(v) => setPriority(v ?? "normal")} allowDeselect={false} />
          <ProblemAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" disabled={!title.trim() || !who} loading={create.isPending}>Create task</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

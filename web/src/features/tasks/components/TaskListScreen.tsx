import { Anchor, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { staffDirectoryQueryOptions } from "@/lib/queries/staff-directory";
import { taskTypeLabel } from "@/lib/task-types";
import { assigneeName } from "../assignee";
import { useTasks } from "../api/get-tasks";
import { readFilters, writeFilters } from "../task-filters";
import { NewTaskDialog } from "./NewTaskDialog";
import { TaskDrawer } from "./TaskDrawer";
import { TaskFiltersBar } from "./TaskFiltersBar";

/** The task list: filters, the tasks soonest due first, one open in a side drawer. */
export function TaskListScreen() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const openTask = params.get("task");
  const me = useMe();
  const zone = usePractice().data?.timezone;
  const staff = useQuery(staffDirectoryQueryOptions());
  const tasks = useTasks(filters, zone);
  const [creating, setCreating] = useState(false);
  const items = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();
  const show = (task: string | null) => setParams(writeFilters(filters, task));

  return (
    <Stack>
      <Group justify="space-between">
        <PageTitle>Tasks</PageTitle>
        <Button onClick={() => setCreating(true)}>New task</Button>
      </Group>
      <TaskFiltersBar filters={filters} role={me.data?.role ?? ""} onChange={(next) => setParams(writeFilters(next))}
        staff={[...(staff.data?.entries() ?? [])].map(([id, name]) => ({ id, name }))} />
      <ProblemAlert error={tasks.error} />
      {tasks.isPending || !zone ? (
        <Loading label="Loading tasks" />
      ) : items.length === 0 ? (
        <Empty>No tasks match these filters.</Empty>
      ) : (
        <Table aria-label="Tasks" highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>Task</Table.Th><Table.Th>Type</Table.Th><Table.Th>Assigned to</Table.Th><Table.Th>Due</Table.Th><Table.Th>Status</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((t) => {
              const overdue = t.status === "open" && t.due_at !== null && Date.parse(t.due_at) < now;
              return (
                <Table.Tr key={t.task_id}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => show(t.task_id)} ta="left">{t.title}</Anchor>
                    {t.priority !== "normal" && t.priority !== "low" && <Badge ml="xs" color="red" variant="light">{t.priority}</Badge>}
                    {t.comment_count > 0 && <Text span size="xs" c="dimmed"> · {t.comment_count} comment{t.comment_count === 1 ? "" : "s"}</Text>}
                  </Table.Td>
                  <Table.Td>{taskTypeLabel(t.task_type)}</Table.Td>
                  <Table.Td>{assigneeName(t, staff.data)}</Table.Td>
                  <Table.Td>
                    {t.due_at ? <Text size="sm">{formatPracticeDateTime(t.due_at, zone)}</Text> : <Text size="sm" c="dimmed">No due date</Text>}
                    {overdue && <Badge color="red" variant="light">overdue</Badge>}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={t.status === "open" ? "blue" : "gray"}>{t.status === "open" ? "Open" : t.resolved_automatically ? "Resolved by itself" : "Resolved"}</Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {tasks.hasNextPage && <Button variant="default" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage} w="fit-content">Show more</Button>}
      {openTask && zone && <TaskDrawer taskId={openTask} zone={zone} staff={staff.data} onClose={() => show(null)} />}
      {creating && zone && <NewTaskDialog zone={zone} staff={staff.data} filters={filters} onClose={() => setCreating(false)} />}
    </Stack>
  );
}

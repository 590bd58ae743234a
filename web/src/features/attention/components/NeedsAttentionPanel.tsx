import { Anchor, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { taskTypeLabel } from "@/lib/task-types";
import { taskListPath, taskSubjectPath } from "@/lib/work-paths";
import { type AttentionScope, useAttention } from "../api/get-attention";

const CLINICIANS = new Set(["provider", "associate"]);

/** The home screen's live list of what needs doing, with counts by type. */
export function NeedsAttentionPanel() {
  const me = useMe();
  const zone = usePractice().data?.timezone;
  const [scope, setScope] = useState<AttentionScope>("me");
  const attention = useAttention(scope);
  const practiceWide = me.data && !CLINICIANS.has(me.data.role);
  const view = attention.data?.data;
  const counts = Object.entries(view?.counts ?? {}).sort(([a], [b]) => a.localeCompare(b));

  return (
    <Card withBorder component="section" aria-labelledby="needs-attention-heading">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="needs-attention-heading">Needs attention</Title>
          {view && <Badge variant="light" color={view.total ? "red" : "gray"} aria-label={`${view.total} open`}>{view.total}</Badge>}
        </Group>
        {practiceWide && (
          <SegmentedControl
            size="xs"
            aria-label="Whose items"
            value={scope}
            onChange={(value) => setScope(value as AttentionScope)}
            data={[{ value: "me", label: "Mine" }, { value: "practice", label: "Practice" }]}
          />
        )}
      </Group>
      <ProblemAlert error={attention.error} />
      {attention.isPending ? (
        <Loading label="Loading what needs attention" />
      ) : !view?.total ? (
        <Text c="dimmed">Nothing needs {scope === "me" ? "your" : "the practice's"} attention.</Text>
      ) : (
        <Stack gap="sm">
          <ul aria-label="Open items by type" style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>
            {counts.map(([type, count]) => (
              <li key={type}>
                <Group gap="xs">
                  <Anchor component={Link} to={taskListPath({ type, ...(scope === "practice" ? { assignee: "anyone" } : {}) })}>
                    {taskTypeLabel(type, count)}
                  </Anchor>
                  <Badge variant="light">{count}</Badge>
                </Group>
              </li>
            ))}
          </ul>
          <Text size="sm" fw={600}>Most urgent</Text>
          <ul aria-label="Most urgent items" style={{ margin: 0, paddingLeft: "1.2rem" }}>
            {view.items.map((task) => {
              const to = taskSubjectPath(task) ?? taskListPath({ task: task.task_id });
              return (
                <li key={task.task_id}>
                  <Anchor component={Link} to={to} size="sm">{task.title}</Anchor>
                  {task.due_at && zone && (
                    <Text span size="sm" c="dimmed"> · due {formatPracticeDateTime(task.due_at, zone)}</Text>
                  )}
                </li>
              );
            })}
          </ul>
        </Stack>
      )}
    </Card>
  );
}

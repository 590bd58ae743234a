import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { caseKindLabel } from "@/lib/case-kinds";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { lifecycleLabel } from "@/lib/record-paths";
import { taskTypeLabel } from "@/lib/task-types";
import { caseScreenPath, taskListPath } from "@/lib/work-paths";
import { useWorkflow } from "../api/get-workflow";
import { checklistProgress, workflowState } from "../workflow-words";

/**
 * The top of a person's page: lifecycle status and workflow state side by side (they are
 * independent), the next step in plain words, the next appointment, the onboarding checklist,
 * open attention items, and the same per case with who pays when it is not the client.
 */
export function WorkflowSummary({ personId }: { personId: string }) {
  const workflow = useWorkflow(personId);
  const zone = usePractice().data?.timezone;
  if (workflow.isPending || !zone) return <Loading label="Loading where this client stands" />;
  if (!workflow.data) return <ProblemAlert error={workflow.error} />;
  const w = workflow.data;
  const state = workflowState(w.workflow_state);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="workflow-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="workflow-heading">Where things stand</Title>
          <Group gap="xs">
            <Badge variant="light" color="gray">{lifecycleLabel(w.lifecycle_status)}</Badge>
            <Badge variant="light" color={state.color}>{state.label}</Badge>
          </Group>
        </Group>
        <Text fw={600}><VisuallyHidden>Next step: </VisuallyHidden>{w.next_step}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div>
            <Text size="sm" fw={600}>Next appointment</Text>
            <Text size="sm">{w.next_appointment ? formatPracticeDateTime(w.next_appointment.starts_at, zone) : "None booked"}</Text>
          </div>
          <div>
            <Text size="sm" fw={600}>Onboarding ({checklistProgress(w.onboarding)})</Text>
            <List size="sm" aria-label="Onboarding checklist" listStyleType="none" spacing={2}>
              {w.onboarding.map((item) => (
                <List.Item key={item.key}><span aria-hidden>{item.done ? "✓" : "○"}</span> {item.label}<VisuallyHidden>{item.done ? " (done)" : " (to do)"}</VisuallyHidden></List.Item>
              ))}
            </List>
          </div>
          <div>
            <Text size="sm" fw={600}>Open items</Text>
            {w.attention.length === 0 ? <Text size="sm" c="dimmed">None</Text> : (
              <List size="sm" aria-label="Open items" spacing={2}>
                {w.attention.map((t) => <List.Item key={t.task_id}>{taskTypeLabel(t.task_type)}: {t.title}</List.Item>)}
              </List>
            )}
            <Anchor component={Link} to={taskListPath({ person_id: personId, assignee: "anyone" })} size="sm">All tasks about this client</Anchor>
          </div>
        </SimpleGrid>
        {w.cases.length > 0 && (
          <ul aria-label="Cases' next steps" style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>
            {w.cases.map((c) => {
              const caseState = workflowState(c.workflow_state);
              return (
                <li key={c.case_id} style={{ borderTop: "1px solid var(--mantine-color-gray-3)", padding: "0.5rem 0" }}>
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Anchor component={Link} to={caseScreenPath(c.case_id)} fw={600}>{c.title ?? caseKindLabel(c.kind)}</Anchor>
                      <Text size="sm">{c.next_step}</Text>
                      {c.billing_arrangement?.payer === "billing_contact" && <Text size="sm" c="dimmed">Someone else pays for this case.</Text>}
                    </div>
                    <Badge variant="light" color={caseState.color}>{caseState.label}</Badge>
                  </Group>
                </li>
              );
            })}
          </ul>
        )}
      </Stack>
    </Paper>
  );
}

import { Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useChangeRecord } from "../api/change-record";
import { type GoalDraft, draftsFromGoals, goalsFromDrafts } from "../treatment-plan";

type ClinicalRecord = components["schemas"]["ClinicalRecordView"];

/** Goals with their objectives and the date the plan is next reviewed. */
export function TreatmentPlanCard({ record, zone }: { record: ClinicalRecord; zone: string }) {
  const plan = record.treatment_plan;
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="plan-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="plan-heading">Treatment plan</Title>
        {!editing && <Button size="xs" variant="default" onClick={() => setEditing(true)}>{plan ? "Revise the plan" : "Write a plan"}</Button>}
      </Group>
      {editing ? (
        <PlanForm record={record} onDone={() => setEditing(false)} />
      ) : plan ? (
        <Stack gap="xs">
          <ol aria-label="Goals" style={{ margin: 0, paddingLeft: "1.2rem" }}>
            {plan.goals.map((g, i) => (
              <li key={i}>
                <Text fw={600}>{g.goal}</Text>
                {g.objectives.length > 0 && (
                  <ul style={{ margin: 0 }}>{g.objectives.map((o, j) => <li key={j}><Text size="sm">{o}</Text></li>)}</ul>
                )}
              </li>
            ))}
          </ol>
          <Text size="sm">Review on {plan.review_on} · set {formatPracticeDateTime(plan.set_at, zone)}</Text>
        </Stack>
      ) : <Empty>No treatment plan yet.</Empty>}
    </Paper>
  );
}

function PlanForm({ record, onDone }: { record: ClinicalRecord; onDone: () => void }) {
  const change = useChangeRecord(record.case_id, record.version);
  const [drafts, setDrafts] = useState<GoalDraft[]>(() => draftsFromGoals(record.treatment_plan?.goals ?? []));
  const [reviewOn, setReviewOn] = useState(record.treatment_plan?.review_on ?? "");
  const edit = (i: number, part: Partial<GoalDraft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...part } : d)));
  const goals = goalsFromDrafts(drafts);

  return (
    <form onSubmit={(e) => { e.preventDefault(); change.mutate({ kind: "plan", goals, review_on: reviewOn }, { onSuccess: onDone }); }}>
      <Stack gap="sm">
        {drafts.map((d, i) => (
          <Paper withBorder p="sm" key={i} component="fieldset" aria-label={`Goal ${i + 1}`}>
            <Stack gap="xs">
              <TextInput label={`Goal ${i + 1}`} value={d.goal} onChange={(e) => edit(i, { goal: e.currentTarget.value })} />
              <Textarea label={`Objectives for goal ${i + 1}`} description="One per line" autosize minRows={2} value={d.objectives} onChange={(e) => edit(i, { objectives: e.currentTarget.value })} />
            </Stack>
          </Paper>
        ))}
        <Button variant="subtle" w="fit-content" onClick={() => setDrafts([...drafts, { goal: "", objectives: "" }])}>Add a goal</Button>
        <TextInput type="date" label="Review on" value={reviewOn} onChange={(e) => setReviewOn(e.currentTarget.value)} w={180} />
        <ProblemAlert error={change.error} />
        <Group>
          <Button type="submit" disabled={!goals.length || !reviewOn} loading={change.isPending}>Save the plan</Button>
          <Button variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Anchor, Badge, Button, Drawer, Group, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { taskTypeLabel } from "@/lib/task-types";
import { caseScreenPath, personScreenPath, taskSubjectPath } from "@/lib/work-paths";
import { useTask } from "../api/get-task";
import { useWorkOnTask } from "../api/work-on-task";
import { assigneeName } from "../assignee";

/** One task: what it is about, its comments, and resolving or reopening it. */
export function TaskDrawer({ taskId, zone, staff, onClose }: {
  taskId: string;
  zone: string;
  staff: Map<string, string> | undefined;
  onClose: () => void;
}) {
  const task = useTask(taskId);
  const t = task.data;
  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={<Title order={2} size="h4">Task</Title>} closeButtonProps={{ "aria-label": "Close the task" }}>
      <ProblemAlert error={task.error} />
      {task.isPending ? <Loading label="Loading the task" /> : t && <TaskDetail key={t.version} task={t} zone={zone} staff={staff} />}
    </Drawer>
  );
}

function TaskDetail({ task: t, zone, staff }: {
  task: NonNullable<ReturnType<typeof useTask>["data"]>;
  zone: string;
  staff: Map<string, string> | undefined;
}) {
  const work = useWorkOnTask(t.task_id, t.version);
  const [comment, setComment] = useState("");
  const [resolution, setResolution] = useState("");
  const subject = taskSubjectPath(t);
  const open = t.status === "open";

  return (
    <Stack>
      <div>
        <Text fw={600}>{t.title}</Text>
        <Group gap="xs" mt={4}>
          <Badge variant="light">{taskTypeLabel(t.task_type)}</Badge>
          <Badge variant="light" color={open ? "blue" : "gray"}>{open ? "Open" : "Resolved"}</Badge>
          {t.priority !== "normal" && <Badge variant="light" color={t.priority === "low" ? "gray" : "red"}>{t.priority}</Badge>}
        </Group>
      </div>
      <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "max-content 1fr", gap: "0.25rem 1rem" }}>
        <dt>Assigned to</dt><dd style={{ margin: 0 }}>{assigneeName(t, staff)}</dd>
        <dt>Due</dt><dd style={{ margin: 0 }}>{t.due_at ? formatPracticeDateTime(t.due_at, zone) : "No due date"}</dd>
        <dt>Opened</dt><dd style={{ margin: 0 }}>{formatPracticeDateTime(t.opened_at, zone)} {t.source === "staff" ? "by staff" : "by the practice's workflow"}</dd>
        {t.resolution && <><dt>Resolution</dt><dd style={{ margin: 0 }}>{t.resolution}</dd></>}
      </dl>
      <Group gap="md">
        {subject && <Anchor component={Link} to={subject}>{t.task_type === "supervision_review" ? "Review the note" : "Open the session's note"}</Anchor>}
        {t.person_id && <Anchor component={Link} to={personScreenPath(t.person_id)}>The client</Anchor>}
        {t.case_id && <Anchor component={Link} to={caseScreenPath(t.case_id)}>The case</Anchor>}
      </Group>
      <Stack gap="xs" component="section" aria-labelledby="task-comments">
        <Title order={3} size="h5" id="task-comments">Comments</Title>
        {t.comments.length === 0 ? <Text size="sm" c="dimmed">No comments yet.</Text> : (
          <ol aria-label="Comments" style={{ margin: 0, paddingLeft: "1.2rem" }}>
            {t.comments.map((c) => (
              <li key={c.at}>
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{c.text}</Text>
                <Text size="xs" c="dimmed">{staff?.get(c.author_id) ?? "A colleague"}, {formatPracticeDateTime(c.at, zone)}</Text>
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={(e) => { e.preventDefault(); work.mutate({ kind: "comment", text: comment.trim() }); }}>
          <Stack gap="xs">
            <Textarea label="Add a comment" autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
            <Button type="submit" variant="light" disabled={!comment.trim()} loading={work.isPending && work.variables?.kind === "comment"} w="fit-content">Comment</Button>
          </Stack>
        </form>
      </Stack>
      <ProblemAlert error={work.error} />
      {open ? (
        <form onSubmit={(e) => { e.preventDefault(); work.mutate({ kind: "resolve", resolution: resolution.trim() || null }); }}>
          <Group align="flex-end">
            <TextInput label="Resolution (optional)" value={resolution} onChange={(e) => setResolution(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" color="green.9" loading={work.isPending && work.variables?.kind === "resolve"}>Resolve</Button>
          </Group>
        </form>
      ) : (
        <Button variant="default" onClick={() => work.mutate({ kind: "reopen" })} loading={work.isPending} w="fit-content">Reopen</Button>
      )}
    </Stack>
  );
}

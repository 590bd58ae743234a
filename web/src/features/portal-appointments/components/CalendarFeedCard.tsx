import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { usePortalCalendarFeed } from "../api/get-calendar-feed";
import { useIssuePortalCalendarFeed } from "../api/issue-calendar-feed";
import { useRevokePortalCalendarFeed } from "../api/revoke-calendar-feed";

/** Your appointments in your own calendar app: a private address, shown once, renewable. */
export function CalendarFeedCard() {
  const feed = usePortalCalendarFeed();
  const issue = useIssuePortalCalendarFeed();
  const revoke = useRevokePortalCalendarFeed();
  if (!feed.data || !feed.data.allowed) return <ProblemAlert error={feed.error} />;
  const path = issue.isSuccess && !revoke.isSuccess ? String(issue.data.extra?.path ?? "") : "";
  const address = path ? `${window.location.origin}${path}` : "";
  const on = feed.data.enabled;
  return (
    <Card withBorder component="section" aria-label="Calendar feed">
      <Text fw={600}>Calendar feed</Text>
      <Text size="sm" mb="sm">
        {on ? "Your calendar app follows your appointments." : "Follow your appointments in your phone's calendar app."}
      </Text>
      <Stack gap="xs">
        {address && (
          <>
            <Alert color="blue" role="status" title="Your private feed address">
              Add it to your calendar app as a subscription. It is shown only now; anyone with it can see your appointment times.
            </Alert>
            <Group align="flex-end">
              <TextInput label="Feed address" readOnly value={address} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={address}>
                {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}
              </CopyButton>
            </Group>
          </>
        )}
        <Group>
          <Button variant="light" loading={issue.isPending} onClick={() => { revoke.reset(); issue.mutate(); }}>
            {on ? "Get a new address" : "Switch on calendar feed"}
          </Button>
          {on && (
            <Button variant="default" loading={revoke.isPending} onClick={() => revoke.mutate()}>
              Switch off
            </Button>
          )}
        </Group>
        <ProblemAlert error={issue.error ?? revoke.error} />
      </Stack>
    </Card>
  );
}

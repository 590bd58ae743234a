import { Alert, Badge, Button, Code, CopyButton, Group, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { useFeedAction, useProviderFeeds } from "../api/feeds";
import { useStaff } from "../api/staff";
import { SettingsNav } from "./SettingsNav";

/**
 * Providers' private calendar feeds. A feed's address is its secret: it is shown once, right
 * after it is issued or rotated, to copy into a calendar app; rotating makes the old one stop.
 */
export function FeedsSettings() {
  const staff = useStaff();
  const clinicians = (staff.data?.items ?? []).filter((s) => s.is_provider && s.status !== "deactivated");
  const feeds = useProviderFeeds(clinicians.map((c) => c.staff_id));
  const action = useFeedAction();
  const [shown, setShown] = useState<{ providerId: string; url: string } | null>(null);
  const run = (providerId: string, kind: "issue" | "revoke") =>
    action.mutate({ action: kind, providerId }, {
      onSuccess: (answer) => {
        const path = answer.extra?.path;
        setShown(kind === "issue" && typeof path === "string" ? { providerId, url: `${window.location.origin}${path}` } : null);
      },
    });

  return (
    <Stack>
      <PageTitle>Calendar feeds</PageTitle>
      <SettingsNav />
      <Text size="sm" maw={760}>
        A feed lets a provider see their appointments in their own calendar app. Titles never carry a diagnosis or notes; clients appear by initials or full name as set under Reminders.
      </Text>
      <ProblemAlert error={staff.error ?? action.error} />
      {staff.isPending ? <Loading label="Loading providers" /> : clinicians.length ? (
        <Table aria-label="Provider calendar feeds" maw={900}>
          <Table.Thead><Table.Tr><Table.Th>Provider</Table.Th><Table.Th>Feed</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {clinicians.map((c, i) => {
              const name = `${c.given_name} ${c.family_name}`;
              const state = feeds[i];
              const on = state?.data?.enabled;
              return (
                <Table.Tr key={c.staff_id}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>{state?.isPending ? "…" : <Badge variant="light" color={on ? "blue" : "gray"}>{on ? "On" : "Off"}</Badge>}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Button size="compact-sm" variant="default" loading={action.isPending && action.variables?.providerId === c.staff_id} onClick={() => run(c.staff_id, "issue")}>
                        {on ? `Rotate feed of ${name}` : `Issue feed for ${name}`}
                      </Button>
                      {on && <Button size="compact-sm" variant="subtle" color="red" onClick={() => run(c.staff_id, "revoke")}>Revoke feed of {name}</Button>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : <Empty>No providers yet.</Empty>}
      {shown && (
        <Alert color="blue" title="Copy this feed address now" role="status" maw={900}>
          <Stack gap="xs">
            <Text size="sm">It is shown only this once. Anyone with it can read this calendar: paste it into the provider's calendar app as a subscription.</Text>
            <Code block aria-label="Feed address">{shown.url}</Code>
            <Group>
              <CopyButton value={shown.url}>
                {({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? "Copied" : "Copy address"}</Button>}
              </CopyButton>
              <Button size="xs" variant="default" onClick={() => setShown(null)}>Done</Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

import { Badge, Card, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { statusLabel } from "@/lib/appointment-status";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime, formatPracticeTimeRange } from "@/lib/practice-time";

type Appointment = components["schemas"]["PortalAppointment"];

const ROLE_WORDS: Record<string, string> = {
  representative: "as their representative",
  scheduling_helper: "as scheduling helper",
};

export function AppointmentCard({ appointment: a, timeZone, headline, actions }: {
  appointment: Appointment;
  timeZone: string;
  headline?: boolean;
  actions?: ReactNode;
}) {
  const helping = a.your_roles.includes("participant") ? null : a.your_roles.map((r) => ROLE_WORDS[r]).filter(Boolean)[0];
  return (
    <Card withBorder padding="md" component="li" aria-label={headline ? "Next session" : undefined}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={700} size={headline ? "lg" : "md"}>{formatPracticeDateTime(a.starts_at, timeZone)}</Text>
          <Text size="sm">{formatPracticeTimeRange(a.starts_at, a.ends_at, timeZone)} · {a.session_format.replaceAll("_", " ")}</Text>
          <Text size="sm" c="dimmed">{a.case_kind_label}{a.provider_name ? ` with ${a.provider_name}` : ""}</Text>
          {helping && <Text size="sm" c="dimmed">You see this {helping}.</Text>}
        </div>
        <Badge variant="light">{statusLabel(a.status)}</Badge>
      </Group>
      {actions && <div style={{ marginTop: 8 }}>{actions}</div>}
    </Card>
  );
}

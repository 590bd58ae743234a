import { Badge, Card, Group, Text } from "@mantine/core";
import { statusLabel } from "@/lib/appointment-status";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime, formatPracticeTimeRange } from "@/lib/practice-time";

type Appointment = components["schemas"]["PortalAppointment"];

export function AppointmentCard({ appointment: a, timeZone, headline }: {
  appointment: Appointment;
  timeZone: string;
  headline?: boolean;
}) {
  return (
    <Card withBorder padding="md" component="li" aria-label={headline ? "Next session" : undefined}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={700} size={headline ? "lg" : "md"}>{formatPracticeDateTime(a.starts_at, timeZone)}</Text>
          <Text size="sm">{formatPracticeTimeRange(a.starts_at, a.ends_at, timeZone)} · {a.session_format.replaceAll("_", " ")}</Text>
          <Text size="sm" c="dimmed">{a.case_kind_label}{a.provider_name ? ` with ${a.provider_name}` : ""}</Text>
        </div>
        <Badge variant="light">{statusLabel(a.status)}</Badge>
      </Group>
    </Card>
  );
}

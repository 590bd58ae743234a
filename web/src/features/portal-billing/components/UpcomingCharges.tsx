import { List, Stack, Text, Title } from "@mantine/core";
import { formatPracticeDateTime } from "@/lib/practice-time";
import type { components } from "@/lib/api/schema";
import { formatCents } from "../money";

type Charge = components["schemas"]["UpcomingCharge"];

/** No AutoPay surprise: each charge coming up, with its amount and its time in the practice. */
export function UpcomingCharges({ charges, timeZone }: { charges: Charge[]; timeZone: string }) {
  return (
    <Stack component="section" aria-labelledby="upcoming-heading" gap={4}>
      <Title order={2} size="h4" id="upcoming-heading">Upcoming AutoPay charges</Title>
      {charges.length === 0 ? (
        <Text size="sm" c="dimmed">No charges are scheduled.</Text>
      ) : (
        <List aria-label="Upcoming charges" spacing={4}>
          {charges.map((c) => (
            <List.Item key={`${c.invoice_id}-${c.due_at}`}>
              <Text size="sm">
                {formatCents(c.amount_cents)} for {c.display_number}
                {c.started ? ", being charged now" : `, on ${formatPracticeDateTime(c.due_at, timeZone)}`}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

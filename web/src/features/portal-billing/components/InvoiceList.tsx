import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import type { components } from "@/lib/api/schema";
import { useOpenPayLink } from "../api/open-pay-link";
import { formatCents } from "../money";

type Invoice = components["schemas"]["PortalInvoice"];

// Filled in dark shades: white text that stays readable (WCAG AA contrast).
const STATUS: Record<string, { label: string; color: string }> = {
  issued: { label: "Due", color: "red.9" },
  sent: { label: "Due", color: "red.9" },
  partially_paid: { label: "Partly paid", color: "blue.9" },
  paid: { label: "Paid", color: "teal.9" },
  void: { label: "Void", color: "gray.7" },
};

/**
 * Each invoice billed to the person, newest first, with a Pay button while something is owed;
 * `more` reads the next page of older invoices when there is one.
 */
export function InvoiceList({ invoices, paymentsAvailable, more = null }: {
  invoices: Invoice[];
  paymentsAvailable: boolean;
  more?: { load: () => void; loading: boolean } | null;
}) {
  const pay = useOpenPayLink();
  return (
    <Stack component="section" aria-labelledby="invoices-heading" gap="xs">
      <Title order={2} size="h4" id="invoices-heading">Invoices</Title>
      <ProblemAlert error={pay.error} />
      {invoices.length === 0 ? (
        <Empty>No invoices yet.</Empty>
      ) : (
        <Stack component="ul" p={0} m={0} gap="xs" style={{ listStyle: "none" }} aria-label="Invoices">
          {invoices.map((invoice) => {
            const status = STATUS[invoice.status] ?? { label: invoice.status, color: "gray.7" };
            return (
              <Paper component="li" key={invoice.invoice_id} withBorder p="sm" aria-label={`Invoice ${invoice.display_number}`}>
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Text fw={600}>{invoice.display_number}</Text>
                    <Text size="sm">
                      {formatCents(invoice.total_cents)}
                      {invoice.due_on && invoice.payable ? ` · due ${invoice.due_on}` : ""}
                    </Text>
                    {invoice.lines.map((line, i) => (
                      <Text size="sm" c="dimmed" key={i} td={line.credited ? "line-through" : undefined}>
                        {line.service_date ? `${line.service_date}: ` : ""}{line.description} ({formatCents(line.amount_cents)})
                      </Text>
                    ))}
                  </div>
                  <Stack gap={4} align="flex-end">
                    <Badge color={status.color} variant="filled">{status.label}</Badge>
                    {invoice.payable && (
                      <Text size="sm" fw={600}>{formatCents(invoice.balance_cents)} to pay</Text>
                    )}
                    {invoice.payable && paymentsAvailable && (
                      <Button
                        size="xs"
                        loading={pay.isPending && pay.variables === invoice.invoice_id}
                        onClick={() => pay.mutate(invoice.invoice_id)}
                        aria-label={`Pay ${formatCents(invoice.balance_cents)} of ${invoice.display_number}`}
                      >
                        Pay {formatCents(invoice.balance_cents)}
                      </Button>
                    )}
                  </Stack>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {more && (
        <Button variant="default" onClick={more.load} loading={more.loading} style={{ alignSelf: "flex-start" }}>
          More invoices
        </Button>
      )}
    </Stack>
  );
}

import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { type LedgerScope, useLedger } from "../api/ledger";
import { usePracticeMoney } from "../hooks/use-practice-money";

const SCOPE_TITLE: Record<LedgerScope, string> = { payer: "Account as payer", case: "Ledger of this case", person: "Ledger of their cases" };

/** Balance, what makes it up, and its aging (days since issue, in the practice's timezone). */
export function LedgerSummary({ scope, id }: { scope: LedgerScope; id: string }) {
  const ledger = useLedger(scope, id);
  const { money } = usePracticeMoney();
  if (ledger.isPending) return <Loading label="Loading the ledger" />;
  if (!ledger.data) return <ProblemAlert error={ledger.error} />;
  const l = ledger.data;
  const figure = (label: string, cents: number) => (
    <Stack gap={0}><Text size="xs" c="dimmed">{label}</Text><Text aria-label={label}>{money(cents)}</Text></Stack>
  );
  return (
    <Paper withBorder p="md" component="section" aria-label={SCOPE_TITLE[scope]}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">{SCOPE_TITLE[scope]}</Title>
          <Group gap="xs">
            <Text size="sm">Balance</Text>
            <Text fw={700} size="lg" aria-label="Balance">{money(l.balance_cents)}</Text>
            {l.open_invoices > 0 && <Badge variant="light">{l.open_invoices} open {l.open_invoices === 1 ? "invoice" : "invoices"}</Badge>}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {figure("Charges", l.charges_cents)}
          {figure("Payments", l.payments_cents)}
          {figure("Refunds", l.refunds_cents)}
          {figure("Credits", l.credits_cents)}
          {figure("Unused credit", l.credit_available_cents)}
        </SimpleGrid>
        <Group gap="lg" aria-label="Aging">
          <Text size="sm">Current {money(l.aging.current)}</Text>
          <Text size="sm">31–60 days {money(l.aging.days_31_60)}</Text>
          <Text size="sm">61–90 days {money(l.aging.days_61_90)}</Text>
          <Text size="sm">Over 90 days {money(l.aging.over_90)}</Text>
        </Group>
      </Stack>
    </Paper>
  );
}

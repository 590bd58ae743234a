import { useQuery } from "@tanstack/react-query";
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { personQueryOptions } from "@/lib/queries/person";
import { casePath, personPath } from "@/lib/record-paths";
import { useInvoice } from "../api/get-invoice";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { useMayManageBilling } from "../hooks/use-may-manage";
import { invoiceStatus } from "../labels";
import { InvoiceActions } from "./InvoiceActions";
import { InvoiceLines } from "./InvoiceLines";
import { InvoiceSessions } from "./InvoiceSessions";
import { PaymentsTable } from "./PaymentsTable";
import { RecordPaymentForm } from "./RecordPaymentForm";

/** One invoice: who pays, its lines and totals, its payments, and what staff can do with it. */
export function InvoiceScreen() {
  const { invoiceId = "" } = useParams();
  const invoice = useInvoice(invoiceId);
  const { money, timezone } = usePracticeMoney();
  const mayManage = useMayManageBilling();
  const payerId = invoice.data?.billed_to_id ?? "";
  const payer = useQuery({ ...personQueryOptions(payerId), enabled: Boolean(payerId) });
  if (invoice.isPending) return <><PageTitle>Invoice</PageTitle><Loading label="Loading the invoice" /></>;
  if (!invoice.data) return <><PageTitle>Invoice</PageTitle><ProblemAlert error={invoice.error} /></>;
  const inv = invoice.data;
  const status = invoiceStatus(inv.status);
  const payable = inv.status !== "draft" && inv.status !== "void" && inv.balance_cents > 0;
  const figure = (label: string, cents: number, strong = false) => (
    <Stack gap={0}><Text size="xs" c="dimmed">{label}</Text><Text fw={strong ? 700 : undefined} aria-label={label}>{money(cents)}</Text></Stack>
  );
  return (
    <Stack>
      <PageTitle>Invoice</PageTitle>
      <Group justify="space-between">
        <Group>
          <Title order={2} size="h3">{inv.display_number}</Title>
          <Badge variant="light" color={status.color} aria-label="Invoice status">{status.label}</Badge>
          {inv.sent && inv.status !== "void" && <Badge variant="outline">Sent</Badge>}
          {inv.wording === "consultation" && <Badge variant="outline" color="gray">Consultation</Badge>}
        </Group>
        <Group gap="md">
          <Text size="sm">Billed to <Anchor component={Link} to={personPath(inv.billed_to_id)}>{payer.data?.display_name ?? "the payer"}</Anchor></Text>
          {inv.case_id && <Anchor size="sm" component={Link} to={casePath(inv.case_id)}>Open the case</Anchor>}
        </Group>
      </Group>
      <Text size="sm">
        {inv.issued_at && timezone ? `Issued ${formatPracticeDateTime(inv.issued_at, timezone)}` : "Not issued yet"}
        {inv.due_on ? ` · due ${inv.due_on}` : ""}
        {inv.period ? ` · sessions up to ${inv.period}` : ""}
      </Text>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {figure("Lines", inv.lines_cents)}
          {figure("Credited", inv.credited_cents)}
          {figure("Total", inv.total_cents)}
          {figure("Paid", inv.paid_cents)}
          {figure("Balance due", inv.balance_cents, true)}
        </SimpleGrid>
      </Paper>
      {mayManage && <InvoiceActions invoice={inv} />}
      <Paper withBorder p="md" component="section" aria-label="Lines">
        <Title order={3} size="h5" mb="xs">Lines</Title>
        <InvoiceLines invoice={inv} mayManage={mayManage} />
      </Paper>
      {mayManage && inv.status === "draft" && inv.case_id !== null && <InvoiceSessions invoice={inv} />}
      {payable && mayManage && <RecordPaymentForm key={`${inv.version}`} payerId={inv.billed_to_id} invoiceId={inv.invoice_id} balanceCents={inv.balance_cents} />}
      <Paper withBorder p="md" component="section" aria-label="Payments">
        <Title order={3} size="h5" mb="xs">Payments on this invoice</Title>
        <PaymentsTable payerId={inv.billed_to_id} invoiceId={inv.invoice_id} label="Payments on this invoice" mayRefund={mayManage} />
      </Paper>
    </Stack>
  );
}

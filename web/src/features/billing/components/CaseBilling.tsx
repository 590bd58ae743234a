import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useNavigate } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { useCreateInvoice } from "../api/create-invoice";
import { useMayManageBilling } from "../hooks/use-may-manage";
import { invoicePath } from "../paths";
import { InvoicesTable } from "./InvoicesTable";
import { LedgerSummary } from "./LedgerSummary";
import { OverrideCard } from "./OverrideCard";

/** A case's billing: its ledger, its invoices (and a new one), and its own billing settings. */
export function CaseBilling({ caseId, billingContactId }: { caseId: string; billingContactId: string | null }) {
  const create = useCreateInvoice();
  const navigate = useNavigate();
  const mayManage = useMayManageBilling();
  return (
    <Paper withBorder p="md" component="section" aria-label="Billing">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">Billing</Title>
          {mayManage && <Button size="xs" loading={create.isPending}
            onClick={() => create.mutate({ case_id: caseId }, { onSuccess: (answer) => navigate(invoicePath((answer as { id: string }).id)) })}>
            New invoice
          </Button>}
        </Group>
        <ProblemAlert error={create.error} />
        <Text size="sm">
          {billingContactId
            ? "Invoices go to the case's billing contact (under Participants); their payments, credit and AutoPay are on their page."
            : "No billing contact is set: a client who is the only participant pays for themself."}
        </Text>
        <LedgerSummary scope="case" id={caseId} />
        <InvoicesTable filter={{ case_id: caseId }} label="Invoices of this case" />
        {mayManage && <OverrideCard scope="case" id={caseId} />}
      </Stack>
    </Paper>
  );
}

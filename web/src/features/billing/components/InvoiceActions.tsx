import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import type { components } from "@/lib/api/schema";
import { useChangeInvoice } from "../api/change-invoice";

type Invoice = components["schemas"]["InvoiceView"];

/**
 * Issue, send and void. The buttons follow the invoice's state, but the service has the last
 * word: voiding an invoice with money on it, for one, is refused, and the refusal is shown.
 */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const change = useChangeInvoice(invoice.invoice_id);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState("");
  const run = (kind: "issue" | "send") => change.mutate({ version: invoice.version, change: { kind } });
  const { status } = invoice;
  return (
    <Stack gap="xs">
      <Group>
        {status === "draft" && <Button loading={change.isPending && change.variables?.change.kind === "issue"} onClick={() => run("issue")}>Issue invoice</Button>}
        {status !== "draft" && status !== "void" && status !== "paid" && (
          <Button variant={invoice.sent ? "default" : "filled"} loading={change.isPending && change.variables?.change.kind === "send"} onClick={() => run("send")}>
            {invoice.sent ? "Send again" : "Send to payer"}
          </Button>
        )}
        {status !== "void" && !voiding && <Button variant="subtle" color="red" onClick={() => { setVoiding(true); change.reset(); }}>Void invoice</Button>}
      </Group>
      {voiding && (
        <Group component="form" aria-label="Void this invoice" align="flex-end" onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) change.mutate({ version: invoice.version, change: { kind: "void", body: { reason: reason.trim() } } }, { onSuccess: () => setVoiding(false) });
        }}>
          <TextInput label="Why is it void?" value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={300} maxLength={200} />
          <Button type="submit" color="red" loading={change.isPending} disabled={!reason.trim()}>Void</Button>
          <Button variant="subtle" onClick={() => setVoiding(false)}>Keep it</Button>
        </Group>
      )}
      <ProblemAlert error={change.error} />
    </Stack>
  );
}

import { Anchor, Badge, Table } from "@mantine/core";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { type InvoiceFilter, useInvoices } from "../api/invoices";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { invoiceStatus } from "../labels";
import { invoicePath } from "../paths";

/** Invoices of a case, a payer or a person, newest first, each linking to its page. */
export function InvoicesTable({ filter, label }: { filter: InvoiceFilter; label: string }) {
  const invoices = useInvoices(filter);
  const { money } = usePracticeMoney();
  if (invoices.isPending) return <Loading label="Loading invoices" />;
  if (!invoices.data) return <ProblemAlert error={invoices.error} />;
  if (!invoices.data.items.length) return <Empty>No invoices yet.</Empty>;
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr><Table.Th>Invoice</Table.Th><Table.Th>Status</Table.Th><Table.Th>Due</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th ta="right">Balance</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoices.data.items.map((inv) => {
          const status = invoiceStatus(inv.status);
          return (
            <Table.Tr key={inv.invoice_id}>
              <Table.Td><Anchor component={Link} to={invoicePath(inv.invoice_id)}>{inv.display_number}</Anchor></Table.Td>
              <Table.Td><Badge variant="light" color={status.color}>{status.label}</Badge></Table.Td>
              <Table.Td>{inv.due_on ?? "—"}</Table.Td>
              <Table.Td ta="right">{money(inv.total_cents)}</Table.Td>
              <Table.Td ta="right">{money(inv.balance_cents)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

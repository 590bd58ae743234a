import { Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { wallClock } from "@/lib/practice-time";
import { useStaffName } from "@/lib/queries/staff-directory";
import { useRevenue } from "../api/reports";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { byProvider, totals, validRange } from "../revenue";

/** What the practice billed and credited, by provider and month of service, over a range of months. */
export function RevenueScreen() {
  const { money, timezone } = usePracticeMoney();
  if (!timezone) return <><PageTitle>Revenue</PageTitle><Loading /></>;
  const thisMonth = wallClock(new Date(), timezone).date.slice(0, 7);
  return <Revenue money={money} thisMonth={thisMonth} />;
}

function Revenue({ money, thisMonth }: { money: (cents: number) => string; thisMonth: string }) {
  const [from, setFrom] = useState(`${thisMonth.slice(0, 4)}-01`);
  const [to, setTo] = useState(thisMonth);
  const valid = validRange(from, to);
  const revenue = useRevenue(from, to, valid);
  const staffName = useStaffName();
  const rows = revenue.data ?? [];
  const sum = totals(rows);
  return (
    <Stack>
      <PageTitle>Revenue</PageTitle>
      <Group align="flex-end">
        <TextInput type="month" label="From month" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={180} />
        <TextInput type="month" label="To month" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={180}
          error={valid ? undefined : "The first month comes before the last"} />
      </Group>
      <Text size="sm" c="dimmed">By month of service; credits are lines taken off invoices already issued.</Text>
      <ProblemAlert error={revenue.error} />
      {!valid ? null : revenue.isPending ? <Loading label="Loading revenue" /> : rows.length ? (
        <>
          <Table aria-label="Revenue by provider" maw={760}>
            <Table.Thead><Table.Tr><Table.Th>Provider</Table.Th><Table.Th ta="right">Billed</Table.Th><Table.Th ta="right">Credited</Table.Th><Table.Th ta="right">Net</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {byProvider(rows).map((p) => (
                <Table.Tr key={p.provider_id}>
                  <Table.Td>{staffName(p.provider_id)}</Table.Td>
                  <Table.Td ta="right">{money(p.billed_cents)}</Table.Td><Table.Td ta="right">{money(p.credited_cents)}</Table.Td><Table.Td ta="right">{money(p.net_cents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr><Table.Th>Practice</Table.Th><Table.Th ta="right">{money(sum.billed_cents)}</Table.Th><Table.Th ta="right">{money(sum.credited_cents)}</Table.Th><Table.Th ta="right">{money(sum.net_cents)}</Table.Th></Table.Tr>
            </Table.Tfoot>
          </Table>
          <Table aria-label="Revenue by month" maw={760}>
            <Table.Thead><Table.Tr><Table.Th>Month</Table.Th><Table.Th>Provider</Table.Th><Table.Th ta="right">Billed</Table.Th><Table.Th ta="right">Credited</Table.Th><Table.Th ta="right">Net</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.month}-${r.provider_id}`}>
                  <Table.Td>{r.month}</Table.Td><Table.Td>{staffName(r.provider_id)}</Table.Td>
                  <Table.Td ta="right">{money(r.billed_cents)}</Table.Td><Table.Td ta="right">{money(r.credited_cents)}</Table.Td><Table.Td ta="right">{money(r.net_cents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : <Empty>Nothing billed in these months.</Empty>}
    </Stack>
  );
}

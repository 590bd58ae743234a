import { Anchor, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { usePeopleById } from "@/lib/queries/person";
import { personPath } from "@/lib/record-paths";
import { useOutstanding } from "../api/reports";
import { usePracticeMoney } from "../hooks/use-practice-money";

/** Every payer who owes the practice, largest balance first, with a link to their account. */
export function OutstandingScreen() {
  const outstanding = useOutstanding();
  const { money } = usePracticeMoney();
  const items = outstanding.data?.items ?? [];
  const people = usePeopleById(items.map((i) => i.payer_id));
  const total = items.reduce((sum, i) => sum + i.balance_cents, 0);
  return (
    <Stack>
      <PageTitle>Outstanding balances</PageTitle>
      <ProblemAlert error={outstanding.error} />
      {outstanding.isPending ? <Loading label="Loading balances" /> : items.length ? (
        <>
          <Text aria-label="Total outstanding">Owed to the practice: <strong>{money(total)}</strong> by {items.length} {items.length === 1 ? "payer" : "payers"}</Text>
          <Table aria-label="Outstanding balances" maw={900} striped>
            <Table.Thead>
              <Table.Tr><Table.Th>Payer</Table.Th><Table.Th ta="right">Balance</Table.Th><Table.Th ta="right">Charged</Table.Th><Table.Th ta="right">Paid</Table.Th><Table.Th ta="right">Unused credit</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, i) => (
                <Table.Tr key={item.payer_id}>
                  <Table.Td><Anchor component={Link} to={personPath(item.payer_id)}>{people[i]?.data?.display_name ?? "…"}</Anchor></Table.Td>
                  <Table.Td ta="right" fw={600}>{money(item.balance_cents)}</Table.Td>
                  <Table.Td ta="right">{money(item.charges_cents)}</Table.Td>
                  <Table.Td ta="right">{money(item.payments_cents)}</Table.Td>
                  <Table.Td ta="right">{money(item.credit_available_cents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : <Empty>Nobody owes the practice anything.</Empty>}
    </Stack>
  );
}

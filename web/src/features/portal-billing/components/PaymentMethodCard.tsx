import { Button, Card, Stack, Text } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import type { components } from "@/lib/api/schema";
import { useStartMethodSetup } from "../api/start-method-setup";

type Method = components["schemas"]["SavedMethod"];

/** The saved card or bank account (its label only), saved or replaced on Stripe's own page. */
export function PaymentMethodCard({ method, refreshError }: { method: Method | null | undefined; refreshError: unknown }) {
  const setup = useStartMethodSetup();
  return (
    <Card withBorder component="section" aria-labelledby="method-heading">
      <Stack gap="xs">
        <Text fw={600} id="method-heading">Saved payment method</Text>
        <Text size="sm">{method ? method.label : "No card or bank account saved."}</Text>
        <Text size="xs" c="dimmed">You enter the details on Stripe's secure page; the practice never sees the number.</Text>
        <ProblemAlert error={setup.error ?? refreshError} />
        <Button variant="light" loading={setup.isPending} onClick={() => setup.mutate()} style={{ alignSelf: "flex-start" }}>
          {method ? "Replace card or bank account" : "Save a card or bank account"}
        </Button>
      </Stack>
    </Card>
  );
}

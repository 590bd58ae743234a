import { Alert, Card, Group, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import { usePortalBilling } from "../api/get-billing";
import { invoicesOf, usePortalInvoices } from "../api/get-invoices";
import { useRefreshSavedMethod } from "../api/refresh-method";
import { formatCents } from "../money";
import type { Returned } from "../returned";
import { AutoPayCard } from "./AutoPayCard";
import { InvoiceList } from "./InvoiceList";
import { PaymentMethodCard } from "./PaymentMethodCard";
import { UpcomingCharges } from "./UpcomingCharges";

/**
 * The person's billing as a payer: what they owe, AutoPay charges coming up, their invoices
 * with a Pay button, their saved method and AutoPay. `returned` says where Stripe sent them
 * back from: a payment (its record follows moments later), saving a method, or cancelling
 * that (nothing was changed, so nothing is refreshed).
 */
export function BillingScreen({ practiceName, timeZone, returned }: {
  practiceName: string;
  timeZone: string;
  returned: Returned;
}) {
  const refresh = useRefreshSavedMethod();
  const refreshed = useRef(false);
  useEffect(() => {
    if (returned === "method" && !refreshed.current) {
      refreshed.current = true;
      refresh.mutate();
    }
  }, [returned, refresh]);
  const billing = usePortalBilling(returned === "payment");
  const invoices = usePortalInvoices(returned === "payment");
  if (billing.isPending || invoices.isPending) return <Loading label="Loading your billing" />;
  const items = invoicesOf(invoices.data);
  // Back from Stripe's page without saving (cancelled): nothing to say.
  const notSaved = isProblem(refresh.error) && refresh.error.code === "no-saved-method";
  return (
    <Stack>
      <PageTitle app={practiceName}>Billing</PageTitle>
      <ProblemAlert error={billing.error ?? invoices.error} />
      {returned === "payment" && (
        <Alert color="blue" role="status" title="Thank you">Your payment is being recorded; it shows here as soon as it is.</Alert>
      )}
      {returned === "method-cancelled" && (
        <Alert color="gray" role="status" title="Nothing was saved">Your payment method and AutoPay are as they were.</Alert>
      )}
      {billing.data && (
        <>
          <Card withBorder component="section" aria-label="Balance">
            <Group justify="space-between">
              <Text>You owe</Text>
              <Text fw={700} size="xl">{formatCents(Math.max(billing.data.balance_cents, 0))}</Text>
            </Group>
            {billing.data.credit_available_cents > 0 && (
              <Text size="sm" c="dimmed">Account credit: {formatCents(billing.data.credit_available_cents)}, used on your next invoice.</Text>
            )}
          </Card>
          {billing.data.autopay && <UpcomingCharges charges={billing.data.upcoming_charges} timeZone={timeZone} />}
        </>
      )}
      <InvoiceList
        invoices={items}
        paymentsAvailable={billing.data?.payments_available ?? false}
        more={invoices.hasNextPage ? { load: () => void invoices.fetchNextPage(), loading: invoices.isFetchingNextPage } : null}
      />
      {billing.data?.payments_available && (
        <>
          <PaymentMethodCard method={billing.data.saved_method} refreshError={notSaved ? null : refresh.error} />
          <AutoPayCard billing={billing.data} timeZone={timeZone} />
        </>
      )}
    </Stack>
  );
}

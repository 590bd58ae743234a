import { Anchor, Stack, Text } from "@mantine/core";
import { Link, useLocation, useOutletContext } from "react-router";
import { Loading } from "@/components/states/Loading";
import { usePortalMe } from "@/features/portal/api/get-portal-me";
import { AddPasskeyCard } from "@/features/portal/components/AddPasskeyCard";
import { AppointmentsScreen } from "@/features/portal/components/AppointmentsScreen";
import { RequestLinkScreen } from "@/features/portal/components/RequestLinkScreen";
import { CalendarFeedCard } from "@/features/portal-appointments/components/CalendarFeedCard";
import { CancelInPortal } from "@/features/portal-appointments/components/CancelInPortal";
import { CancelledNotice } from "@/features/portal-appointments/components/CancelledNotice";
import { formatPracticeDateTime } from "@/lib/practice-time";
import type { components } from "@/lib/api/schema";

type Practice = components["schemas"]["PublicPracticeView"];

export function Component() {
  const { practice } = useOutletContext<{ practice: Practice }>();
  const me = usePortalMe();
  const fresh = (useLocation().state as { fresh?: boolean } | null)?.fresh;
  if (me.isPending) return <Loading label="Checking your session" />;
  if (!me.isSuccess) return <RequestLinkScreen practiceName={practice.name} />;
  return (
    <Stack>
      <CancelledNotice />
      <AppointmentsScreen
        timeZone={practice.timezone}
        practiceName={practice.name}
        actionsFor={(a) => (
          <CancelInPortal appointmentId={a.appointment_id} when={formatPracticeDateTime(a.starts_at, practice.timezone)} />
        )}
      />
      <Text size="sm" c="dimmed">Times are in {practice.timezone}.</Text>
      <CalendarFeedCard />
      <Anchor component={Link} to="/billing">Billing: your invoices, payments and AutoPay</Anchor>
      <Anchor component={Link} to="/documents">Your documents: superbills, statements and receipts</Anchor>
      {fresh && <AddPasskeyCard />}
    </Stack>
  );
}

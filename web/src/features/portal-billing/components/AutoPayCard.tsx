import { Blockquote, Button, Card, Checkbox, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { formatPracticeDateTime } from "@/lib/practice-time";
import type { components } from "@/lib/api/schema";
import { useConsentToAutoPay } from "../api/consent-to-autopay";
import { useTurnAutoPayOff } from "../api/turn-off-autopay";

type Billing = components["schemas"]["PortalBilling"];

/** AutoPay by the person's own consent: they read the wording, tick that they agree, turn it on. */
export function AutoPayCard({ billing, timeZone }: { billing: Billing; timeZone: string }) {
  const [agreed, setAgreed] = useState(false);
  const consent = useConsentToAutoPay();
  const off = useTurnAutoPayOff();
  return (
    <Card withBorder component="section" aria-labelledby="autopay-heading">
      <Stack gap="xs">
        <Text fw={600} id="autopay-heading">AutoPay {billing.autopay ? "is on" : "is off"}</Text>
        {billing.autopay ? (
          <>
            {billing.autopay_consent && (
              <Text size="sm">You agreed on {formatPracticeDateTime(billing.autopay_consent.at, timeZone)}.</Text>
            )}
            <Button variant="default" loading={off.isPending} onClick={() => off.mutate(undefined)} style={{ alignSelf: "flex-start" }}>
              Turn AutoPay off
            </Button>
          </>
        ) : billing.saved_method ? (
          <>
            <Blockquote p="sm" aria-label="AutoPay terms">{billing.autopay_wording}</Blockquote>
            <Checkbox label="I agree to these terms" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
            <Button
              disabled={!agreed}
              loading={consent.isPending}
              onClick={() => consent.mutate(billing.autopay_wording, { onSuccess: () => setAgreed(false) })}
              style={{ alignSelf: "flex-start" }}
            >
              Turn AutoPay on
            </Button>
          </>
        ) : (
          <Text size="sm" c="dimmed">Save a card or bank account first to pay by AutoPay.</Text>
        )}
        <ProblemAlert error={consent.error ?? off.error} />
      </Stack>
    </Card>
  );
}

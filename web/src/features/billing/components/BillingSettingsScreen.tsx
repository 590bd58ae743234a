import { Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useBillingSettings } from "../api/settings";
import { PracticeBillingDefaults } from "./PracticeBillingDefaults";
import { ProviderSchedules } from "./ProviderSchedules";

/**
 * Settings > Billing: the practice's defaults (mode, methods, fees, terms, AutoPay notice) and
 * each provider's billing schedule. `nav` is the settings sections (from the settings feature).
 */
export function BillingSettingsScreen({ nav }: { nav?: ReactNode } = {}) {
  const settings = useBillingSettings();
  return (
    <Stack>
      <PageTitle>Billing</PageTitle>
      {nav}
      {settings.isPending ? <Loading label="Loading billing settings" /> : settings.data ? (
        <Stack maw={760}>
          <PracticeBillingDefaults settings={settings.data} />
          <ProviderSchedules settings={settings.data} />
          <Text size="sm">
            A case or a billing contact can have its own billing mode, fees and payment terms: open the case or the client and change them in its Billing section. A case's choice wins over its billing contact's, which wins over these defaults.
          </Text>
        </Stack>
      ) : <ProblemAlert error={settings.error} />}
    </Stack>
  );
}

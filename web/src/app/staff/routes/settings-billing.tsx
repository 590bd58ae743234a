import { BillingSettingsScreen } from "@/features/billing";
import { SettingsNav } from "@/features/settings/components/SettingsNav";

/** Settings > Billing, with the settings sections above it. */
export function Component() {
  return <BillingSettingsScreen nav={<SettingsNav />} />;
}

import { usePractice } from "@/lib/queries/practice";
import { formatMoney } from "../money";

/** The practice's currency and timezone, and a formatter for cents in that currency. */
export function usePracticeMoney() {
  const practice = usePractice();
  const billing = practice.data?.settings.billing ?? {};
  const currency = typeof billing.currency === "string" ? billing.currency : "USD";
  return {
    currency,
    timezone: practice.data?.timezone,
    money: (cents: number) => formatMoney(cents, currency),
  };
}

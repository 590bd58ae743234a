import { useOutletContext, useSearchParams } from "react-router";
import { Loading } from "@/components/states/Loading";
import { usePortalMe } from "@/features/portal/api/get-portal-me";
import { RequestLinkScreen } from "@/features/portal/components/RequestLinkScreen";
import { BillingScreen } from "@/features/portal-billing/components/BillingScreen";
import { returnedFrom } from "@/features/portal-billing/returned";
import type { components } from "@/lib/api/schema";

type Practice = components["schemas"]["PublicPracticeView"];

/**
 * /billing (?payment=done or ?method=saved when Stripe's page sends the payer back, and
 * ?method=cancelled when they cancelled there).
 */
export function Component() {
  const { practice } = useOutletContext<{ practice: Practice }>();
  const me = usePortalMe();
  const [params] = useSearchParams();
  if (me.isPending) return <Loading label="Checking your session" />;
  if (!me.isSuccess) return <RequestLinkScreen practiceName={practice.name} />;
  const returned = returnedFrom(params);
  return <BillingScreen practiceName={practice.name} timeZone={practice.timezone} returned={returned} />;
}

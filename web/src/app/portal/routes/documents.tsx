import { useOutletContext, useSearchParams } from "react-router";
import { Loading } from "@/components/states/Loading";
import { usePortalMe } from "@/features/portal/api/get-portal-me";
import { DocumentsScreen } from "@/features/portal/components/DocumentsScreen";
import { RequestLinkScreen } from "@/features/portal/components/RequestLinkScreen";
import type { components } from "@/lib/api/schema";

type Practice = components["schemas"]["PublicPracticeView"];

/** /documents (?link= from an emailed secure link): signing in comes first. */
export function Component() {
  const { practice } = useOutletContext<{ practice: Practice }>();
  const me = usePortalMe();
  const [params] = useSearchParams();
  if (me.isPending) return <Loading label="Checking your session" />;
  if (!me.isSuccess) return <RequestLinkScreen practiceName={practice.name} />;
  return <DocumentsScreen practiceName={practice.name} link={params.get("link")} />;
}

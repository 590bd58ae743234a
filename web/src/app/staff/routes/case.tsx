import { useParams } from "react-router";
import { CaseBilling } from "@/features/billing";
import { CaseScreen } from "@/features/cases/components/CaseScreen";
import { CaseClinical } from "@/features/clinical/components/CaseClinical";
import { CaseDocuments } from "@/features/documents/components/CaseDocuments";
import { mayReadBilling } from "@/lib/billing-access";
import { useMe } from "@/lib/queries/me";

/** A case's page with its billing, clinical record and billing documents below (each for the roles it serves). */
export function Component() {
  const { caseId = "" } = useParams();
  const me = useMe();
  return (
    <CaseScreen
      billing={mayReadBilling(me.data?.role) ? (c) => <CaseBilling key={c.case_id} caseId={c.case_id} billingContactId={c.billing_contact_id} /> : undefined}
      clinical={<CaseClinical key={caseId} caseId={caseId} />}
      documents={(c) => <CaseDocuments caseId={c.case_id} people={c.participants} billingContactId={c.billing_contact_id} />}
    />
  );
}

import { useParams } from "react-router";
import { CaseScreen } from "@/features/cases/components/CaseScreen";
import { CaseClinical } from "@/features/clinical/components/CaseClinical";
import { CaseDocuments } from "@/features/documents/components/CaseDocuments";

/** A case's page with its clinical record and its billing documents below (each for the roles it serves). */
export function Component() {
  const { caseId = "" } = useParams();
  return (
    <CaseScreen
      clinical={<CaseClinical key={caseId} caseId={caseId} />}
      documents={(c) => <CaseDocuments caseId={c.case_id} people={c.participants} billingContactId={c.billing_contact_id} />}
    />
  );
}

import { useParams } from "react-router";
import { CaseScreen } from "@/features/cases/components/CaseScreen";
import { CaseClinical } from "@/features/clinical/components/CaseClinical";

/** A case's page with its clinical record below (for clinicians; nothing for other roles). */
export function Component() {
  const { caseId = "" } = useParams();
  return <CaseScreen clinical={<CaseClinical key={caseId} caseId={caseId} />} />;
}

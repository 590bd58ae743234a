import { useParams } from "react-router";
import { PersonScreen } from "@/features/clients/components/PersonScreen";
import { PersonDocuments } from "@/features/documents/components/PersonDocuments";
import { WorkflowSummary } from "@/features/workflow";

/** A person's page with their workflow summary at the top and their billing documents below. */
export function Component() {
  const { personId = "" } = useParams();
  return (
    <PersonScreen
      summary={<WorkflowSummary key={personId} personId={personId} />}
      documents={<PersonDocuments key={personId} personId={personId} />}
    />
  );
}

import { useParams } from "react-router";
import { PersonScreen } from "@/features/clients/components/PersonScreen";
import { WorkflowSummary } from "@/features/workflow";

/** A person's page with their workflow summary at the top. */
export function Component() {
  const { personId = "" } = useParams();
  return <PersonScreen summary={<WorkflowSummary key={personId} personId={personId} />} />;
}

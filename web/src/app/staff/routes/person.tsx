import { useParams } from "react-router";
import { PayerBilling } from "@/features/billing";
import { PersonScreen } from "@/features/clients/components/PersonScreen";
import { PersonDocuments } from "@/features/documents/components/PersonDocuments";
import { WorkflowSummary } from "@/features/workflow";
import { mayReadBilling } from "@/lib/billing-access";
import { useMe } from "@/lib/queries/me";

/** A person's page: workflow summary at the top; for billing roles their billing, then their billing documents, below. */
export function Component() {
  const { personId = "" } = useParams();
  const me = useMe();
  return (
    <PersonScreen
      summary={<WorkflowSummary key={personId} personId={personId} />}
      billing={mayReadBilling(me.data?.role) ? <PayerBilling key={personId} personId={personId} /> : null}
      documents={<PersonDocuments key={personId} personId={personId} />}
    />
  );
}

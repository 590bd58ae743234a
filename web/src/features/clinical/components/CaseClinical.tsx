import { Stack, Text } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { useCase } from "../api/get-case";
import { useClinicalRecord } from "../api/get-clinical-record";
import { CaseNotesCard } from "./CaseNotesCard";
import { DiagnosesCard } from "./DiagnosesCard";
import { TreatmentPlanCard } from "./TreatmentPlanCard";

const CLINICIANS = new Set(["owner", "provider", "associate"]);

/**
 * A case's clinical tab: its notes, and for a therapy case its diagnoses and treatment plan
 * (consultation and workshop cases have neither). Only clinicians see it; the service refuses
 * everyone else anyway, and logs every read.
 */
export function CaseClinical({ caseId }: { caseId: string }) {
  const me = useMe();
  const zone = usePractice().data?.timezone;
  const found = useCase(caseId);
  const clinician = CLINICIANS.has(me.data?.role ?? "");
  const psychotherapy = Boolean(found.data?.features.includes("diagnoses"));
  const record = useClinicalRecord(caseId, clinician && psychotherapy);

  if (me.data && !clinician) return null;
  if (!zone || found.isPending) return <Loading label="Loading the clinical record" />;
  if (!found.data) return <ProblemAlert error={found.error} />;
  const participants = found.data.participants.filter((p) => !p.left_on);
  return (
    <Stack>
      <CaseNotesCard caseId={caseId} zone={zone} mayWrite={found.data.status === "open"} />
      {psychotherapy ? (
        <>
          <ProblemAlert error={record.error} />
          {record.data && (
            <>
              <DiagnosesCard record={record.data} participants={participants} zone={zone} />
              <TreatmentPlanCard record={record.data} zone={zone} />
            </>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">A consultation case has no diagnoses or treatment plan.</Text>
      )}
    </Stack>
  );
}

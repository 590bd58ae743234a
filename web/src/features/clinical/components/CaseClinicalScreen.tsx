import { Anchor, Stack } from "@mantine/core";
import { Link, useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { caseScreenPath } from "@/lib/work-paths";
import { CaseClinical } from "./CaseClinical";

/** The clinical record of one case on a screen of its own (linked from a note). */
export function CaseClinicalScreen() {
  const { caseId = "" } = useParams();
  return (
    <Stack>
      <PageTitle>Clinical record</PageTitle>
      <Anchor component={Link} to={caseScreenPath(caseId)} size="sm">Back to the case</Anchor>
      <CaseClinical caseId={caseId} />
    </Stack>
  );
}

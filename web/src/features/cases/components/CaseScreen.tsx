import { Anchor, Badge, Button, Grid, Group, NumberInput, Paper, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { caseKindLabel, caseName } from "@/lib/case-kinds";
import { wallClock } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { historyPath } from "@/lib/record-paths";
import type { components } from "@/lib/api/schema";
import { allowanceFor, allowanceSentence } from "../allowance";
import { useChangeCase } from "../api/change-case";
import { useCase } from "../api/get-case";
import { CaseAppointments } from "./CaseAppointments";
import { Participants } from "./Participants";
import { ProvidersCard } from "./ProvidersCard";

type Case = components["schemas"]["CaseView"];

/**
 * One case: kind, participants, billing contacts, providers and supervisor, allowance,
 * appointments; `billing` (ledger, invoices), `clinical` (notes, diagnoses, treatment plan) and
 * `documents`, from other features, below.
 */
export function CaseScreen({ clinical, documents, billing }: { clinical?: ReactNode; documents?: (theCase: Case) => ReactNode; billing?: (theCase: Case) => ReactNode } = {}) {
  const { caseId = "" } = useParams();
  const found = useCase(caseId);
  const me = useMe();
  const change = useChangeCase(caseId);
  if (found.isPending) return <><PageTitle>Case</PageTitle><Loading label="Loading the case" /></>;
  if (!found.data) return <><PageTitle>Case</PageTitle><ProblemAlert error={found.error} /></>;
  const c = found.data;
  const open = c.status === "open";
  return (
    <Stack>
      <PageTitle>Case</PageTitle>
      <Group justify="space-between">
        <Group>
          <Title order={2} size="h3">{caseName(c)}</Title>
          <Badge variant="light">{caseKindLabel(c.kind)}</Badge>
          <Badge variant="light" color={open ? "blue" : "gray"}>{open ? "Open" : `Closed ${c.closed_on ?? ""}`}</Badge>
        </Group>
        <Group>
          {me.data?.role === "owner" && <Anchor component={Link} to={historyPath(c.case_id)}>History of this record</Anchor>}
          <Button size="xs" variant="default" loading={change.isPending}
            onClick={() => change.mutate({ version: c.version, change: { kind: open ? "close" : "reopen" } })}>
            {open ? "Close case" : "Reopen case"}
          </Button>
        </Group>
      </Group>
      <Text size="sm">Opened {c.opened_on}{c.features.includes("consultation_wording") ? " · consultation: invoices and receipts, no diagnosis" : ""}</Text>
      <ProblemAlert error={change.error} />
      <Participants theCase={c} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}><ProvidersCard theCase={c} /></Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}><AllowanceCard theCase={c} /></Grid.Col>
      </Grid>
      <CaseAppointments caseId={c.case_id} />
      {billing?.(c)}
      {clinical}
      {documents?.(c)}
    </Stack>
  );
}

function AllowanceCard({ theCase }: { theCase: Case }) {
  const practice = usePractice();
  const change = useChangeCase(theCase.case_id);
  const [value, setValue] = useState<string | number>(theCase.planned_absence_allowance ?? "");
  const zone = practice.data?.timezone;
  if (!zone) return <Loading />;
  const year = Number(wallClock(new Date(), zone).date.slice(0, 4));
  const scheduling = practice.data?.settings.scheduling as Parameters<typeof allowanceFor>[1];
  const allowance = allowanceFor(theCase, scheduling, year);
  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="xs">
        <Title order={3} size="h4">Planned absences</Title>
        <Text size="sm" aria-label="Allowance used">{allowanceSentence(allowance, year)}</Text>
        <Group align="flex-end">
          <NumberInput label="Allowance for this case" description="Blank: the practice default" min={0} max={52} value={value} onChange={setValue} w={220} />
          <Button size="xs" variant="default" loading={change.isPending}
            onClick={() => change.mutate({ version: theCase.version, change: { kind: "allowance", body: { allowance: value === "" ? null : Number(value) } } })}>
            Save allowance
          </Button>
        </Group>
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}

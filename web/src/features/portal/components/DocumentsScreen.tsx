import { Alert, Anchor, Paper, Stack, Text } from "@mantine/core";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import { portalFileUrl, useDocumentLink, usePortalDocuments } from "../api/documents";

/** Superbills, statements, invoices and receipts, newest first; an emailed link's document on top. */
export function DocumentsScreen({ practiceName, link }: { practiceName: string; link: string | null }) {
  const documents = usePortalDocuments();
  const opened = useDocumentLink(link);
  const expired = isProblem(opened.error) && opened.error.status === 410;
  if (documents.isPending) return <Loading label="Loading your documents" />;
  const items = documents.data?.items ?? [];
  const highlighted = opened.data?.document_id;
  return (
    <Stack>
      <PageTitle app={practiceName}>Your documents</PageTitle>
      <ProblemAlert error={documents.error} />
      {expired && <Alert color="yellow" title="This link has expired">Your documents are listed below.</Alert>}
      {items.length === 0 ? (
        <Empty>No documents yet.</Empty>
      ) : (
        <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Documents">
          {items.map((d) => (
            <Paper component="li" key={d.document_id} withBorder p="sm" bg={d.document_id === highlighted ? "blue.0" : undefined}>
              <Text fw={600}>{d.kind_label}</Text>
              <Text size="sm">{d.period_start === d.period_end ? d.period_start : `${d.period_start} to ${d.period_end}`}</Text>
              <Anchor href={portalFileUrl(d.document_id)} size="sm">Download PDF</Anchor>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

import { Anchor, Button, Group, Modal, Text } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { type DocumentView, fileUrl, useDocumentAction } from "../api/documents";
import { statusLabel } from "../status";
import { OffsetPreview } from "./OffsetPreview";

const DOWNLOADS: Record<string, string> = { document: "Download", form: "Download form", data: "Download print data" };

/** Where a document stands: rendered (with what it counts), failed (and why), or rendering. */
export function DocumentStatus({ document: d }: { document: DocumentView }) {
  return (
    <>
      <Text size="sm" fw={d.status === "failed" ? 700 : 400}>
        {statusLabel(d)}
      </Text>
      {d.failure && <Text size="xs">{d.failure}</Text>}
    </>
  );
}

/** A document's downloads, a claim's printer offsets, its emailed link and a new rendering. */
export function DocumentActions({ document: d, onSent }: { document: DocumentView; onSent: () => void }) {
  const send = useDocumentAction("send");
  const regenerate = useDocumentAction("regenerate");
  const [preview, setPreview] = useState(false);
  return (
    <>
      <Group gap="xs">
        {d.status === "ready" && Object.keys(d.files).map((name) => (
          <Anchor key={name} href={fileUrl(d.document_id, name)} size="sm">{DOWNLOADS[name] ?? "Download"}</Anchor>
        ))}
        {d.kind === "cms1500" && d.status === "ready" && (
          <Button size="compact-sm" variant="default" onClick={() => setPreview(true)}>Printer offsets</Button>
        )}
        {d.status === "ready" && (
          <Button size="compact-sm" variant="default" loading={send.isPending} onClick={() => send.mutate(d.document_id, { onSuccess: onSent })}>
            Email link
          </Button>
        )}
        {d.status !== "pending" && (
          <Button size="compact-sm" variant="subtle" loading={regenerate.isPending} onClick={() => regenerate.mutate(d.document_id)}>
            Regenerate
          </Button>
        )}
      </Group>
      <ProblemAlert error={send.error ?? regenerate.error} />
      {d.kind === "cms1500" && (
        <Modal opened={preview} onClose={() => setPreview(false)} title="Line up the CMS-1500 print data" size="lg">
          <OffsetPreview document={d} />
        </Modal>
      )}
    </>
  );
}

export const SENT_NOTICE = "A secure link was emailed. It works for a week, after portal sign-in.";

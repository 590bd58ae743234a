import { Anchor, Group, NumberInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { type DocumentView, previewUrl } from "../api/documents";

/** A CMS-1500's print data with other offsets, to line a printer up before saving them. */
export function OffsetPreview({ document }: { document: DocumentView }) {
  const [x, setX] = useState<number>(0);
  const [y, setY] = useState<number>(0);
  return (
    <Stack>
      <Text size="sm">
        Print the preview on a pre-printed red form and move the data until it sits in the boxes.
        Offsets are in points (72 to the inch): positive moves right and down. Save the ones that fit
        in Settings, Documents.
      </Text>
      <Group>
        <NumberInput label="Horizontal offset" min={-72} max={72} value={x} onChange={(v) => setX(Number(v) || 0)} w={180} />
        <NumberInput label="Vertical offset" min={-72} max={72} value={y} onChange={(v) => setY(Number(v) || 0)} w={180} />
      </Group>
      <Anchor href={previewUrl(document.document_id, x, y)}>Download the preview with these offsets</Anchor>
    </Stack>
  );
}

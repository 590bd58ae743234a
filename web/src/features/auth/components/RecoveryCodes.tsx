import { Alert, Button, Checkbox, Code, SimpleGrid, Stack, Text } from "@mantine/core";
import { useState } from "react";

/**
 * The ten recovery codes, shown exactly once. Each signs in once when no passkey is at hand;
 * the person confirms they kept them before going on.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  return (
    <Stack>
      <Alert color="blue" title="Save your recovery codes">
        <Text size="sm">
          These codes are shown only now. Each one signs you in once if you lose your passkey.
          Print them or keep them in a password manager.
        </Text>
      </Alert>
      <SimpleGrid cols={2} spacing="xs" component="ul" aria-label="Recovery codes" style={{ listStyle: "none", padding: 0 }}>
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md">{code}</Code>
          </li>
        ))}
      </SimpleGrid>
      <Checkbox
        label="I have saved my recovery codes"
        checked={kept}
        onChange={(event) => setKept(event.currentTarget.checked)}
      />
      <Button disabled={!kept} onClick={onDone}>
        Continue
      </Button>
    </Stack>
  );
}

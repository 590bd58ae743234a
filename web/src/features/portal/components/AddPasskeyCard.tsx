import { Alert, Button, Card, Group, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { useAddPortalPasskey } from "../api/add-passkey";

/** Offered right after a sign-in: a passkey makes the next sign-in one tap, no email needed. */
export function AddPasskeyCard() {
  const add = useAddPortalPasskey();
  const [name, setName] = useState("My phone");
  if (add.isSuccess) {
    return <Alert color="green" role="status" title="Passkey added">Next time, choose “Sign in with a passkey”.</Alert>;
  }
  return (
    <Card withBorder>
      <Text fw={600}>Sign in faster next time</Text>
      <Text size="sm" mb="sm">Add a passkey on this device instead of waiting for an email.</Text>
      <Group align="flex-end">
        <TextInput label="Passkey name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button variant="light" disabled={!name.trim()} loading={add.isPending} onClick={() => add.mutate(name.trim())}>
          Add a passkey
        </Button>
      </Group>
      <ProblemAlert error={add.error} />
    </Card>
  );
}

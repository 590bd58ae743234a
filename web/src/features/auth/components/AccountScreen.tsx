import { Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useAddPasskey } from "../api/add-passkey";
import { usePasskeys } from "../api/get-passkeys";
import { useRegenerateRecoveryCodes } from "../api/regenerate-recovery-codes";
import { useSignOut } from "../api/sign-out";
import { RecoveryCodes } from "./RecoveryCodes";

/** The signed-in person's own passkeys, recovery codes and sessions. */
export function AccountScreen() {
  const passkeys = usePasskeys();
  const addPasskey = useAddPasskey();
  const codes = useRegenerateRecoveryCodes();
  const signOut = useSignOut();
  const [name, setName] = useState("");

  return (
    <Stack maw={720}>
      <PageTitle>Your account</PageTitle>
      <Title order={2} size="h3">Passkeys</Title>
      {passkeys.isPending ? (
        <Loading />
      ) : (
        <Table aria-label="Your passkeys">
          <Table.Thead>
            <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Added</Table.Th><Table.Th>Last used</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(passkeys.data ?? []).map((p) => (
              <Table.Tr key={p.credential_id}>
                <Table.Td>{p.name}{p.suspended ? " (suspended)" : ""}</Table.Td>
                <Table.Td>{new Date(p.added_at).toLocaleDateString()}</Table.Td>
                <Table.Td>{p.last_used_at ? new Date(p.last_used_at).toLocaleString() : "never"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <TextInput label="New passkey name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button disabled={!name.trim()} loading={addPasskey.isPending}
          onClick={() => addPasskey.mutate(name.trim(), { onSuccess: () => setName("") })}>
          Add a passkey
        </Button>
      </Group>
      <ProblemAlert error={addPasskey.error} />

      <Title order={2} size="h3">Recovery codes</Title>
      {codes.data ? (
        <RecoveryCodes codes={codes.data.recovery_codes} onDone={() => codes.reset()} />
      ) : (
        <Group>
          <Text size="sm">New codes replace the old ones, which stop working.</Text>
          <Button variant="default" loading={codes.isPending} onClick={() => codes.mutate()}>
            Get new recovery codes
          </Button>
        </Group>
      )}
      <ProblemAlert error={codes.error} />

      <Title order={2} size="h3">Sessions</Title>
      <Group>
        <Text size="sm">Lost a device, or signed in somewhere shared?</Text>
        <Button color="red" variant="light" loading={signOut.isPending}
          onClick={() => signOut.leave(true)}>
          Sign out everywhere
        </Button>
      </Group>
      <ProblemAlert error={signOut.error} />
    </Stack>
  );
}

import { Alert, Button, Group, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { isProblem } from "@/lib/api/problem";
import { passkeyTrouble } from "@/lib/passkeys";

/**
 * A refusal or failure, in the service's own words (`detail`). A record someone else changed
 * meanwhile gets one plain sentence and a way to reload it.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const queryClient = useQueryClient();
  if (!error) return null;
  if (isProblem(error) && error.changedElsewhere) {
    return (
      <Alert color="yellow" title="This was changed by someone else" role="alert">
        <Group justify="space-between">
          <Text size="sm">Reload to see the current version, then make your change again.</Text>
          <Button size="xs" variant="white" onClick={() => queryClient.invalidateQueries()}>
            Reload
          </Button>
        </Group>
      </Alert>
    );
  }
  const message = isProblem(error)
    ? (error.detail ?? error.title)
    : (passkeyTrouble(error) ?? "The service could not be reached. Check your connection and try again.");
  return (
    <Alert color="red" title={title ?? (isProblem(error) ? error.title : "Something went wrong")} role="alert">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

import { Button, Group, Text } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { useActAs } from "../api/act-as";
import { useProviders } from "../api/get-providers";

/**
 * Shown on every screen while the person acts as a provider: what they do is recorded as
 * theirs on the provider's behalf. It never scrolls away and always offers to stop.
 */
export function ActingBanner({ providerId }: { providerId: string }) {
  const providers = useProviders();
  const actAs = useActAs();
  const provider = providers.data?.items.find((p) => p.staff_id === providerId);
  const name = provider ? `${provider.given_name} ${provider.family_name}` : "a provider";
  return (
    <Group justify="center" gap="md" bg="grape.9" c="white" py={6} role="region" aria-label="Acting as a provider">
      <Text fw={700} size="sm">
        You are acting as {name}. Everything you do is recorded on their behalf.
      </Text>
      <Button size="compact-sm" variant="white" color="dark" loading={actAs.isPending} onClick={() => actAs.mutate(null)}>
        Stop acting
      </Button>
      <ProblemAlert error={actAs.error} />
    </Group>
  );
}

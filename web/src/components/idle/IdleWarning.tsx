import { Button, Group, Modal, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useIdleCountdown } from "./use-idle-countdown";

const format = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/**
 * Warns before an idle session ends. Staying signed in is one request (any request restarts
 * the service's idle clock); once the time is up the person signs in again.
 */
export function IdleWarning({ fallbackTimeoutSeconds, onExpired, realm = "staff" }: {
  fallbackTimeoutSeconds: number;
  onExpired: () => void;
  realm?: "staff" | "portal";
}) {
  const left = useIdleCountdown(fallbackTimeoutSeconds);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  const stay = () => queryClient.refetchQueries({ queryKey: [realm === "staff" ? "auth" : "portal", "me"] });
  return (
    <Modal opened={left !== null && left > 0} onClose={stay} title="Are you still there?" centered>
      <Text size="sm" aria-live="polite">
        For your clients' privacy you will be signed out in {format(left ?? 0)} unless you continue.
      </Text>
      <Group justify="flex-end" mt="md">
        <Button onClick={stay}>Stay signed in</Button>
      </Group>
    </Modal>
  );
}

import { Button, Group, Modal, Text } from "@mantine/core";
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { reauthenticate } from "./reauthenticate";

type Sensitive = <T>(action: () => Promise<T>) => Promise<T>;

const SensitiveContext = createContext<Sensitive | null>(null);

/**
 * Sensitive actions (adding a passkey, new recovery codes, access resets, exports) need a
 * passkey confirmation from the last 10 minutes. `useSensitive()(action)` runs the action;
 * when the service answers `reauthentication-required`, the person is asked to confirm with
 * their passkey and the action is tried once more.
 */
export function ReauthenticationProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ resolve: () => void; reject: (e: unknown) => void } | null>(null);

  const sensitive = useCallback<Sensitive>(async (action) => {
    try {
      return await action();
    } catch (e) {
      if (!isProblem(e) || !e.needsReauthentication) throw e;
      await new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject };
        setError(null);
        setAsking(true);
      });
      return action();
    }
  }, []);

  const confirm = async () => {
    try {
      await reauthenticate();
      setAsking(false);
      pending.current?.resolve();
    } catch (e) {
      setError(e);
    }
  };
  const cancel = () => {
    setAsking(false);
    pending.current?.reject(new Error("Confirmation cancelled"));
  };

  return (
    <SensitiveContext.Provider value={sensitive}>
      {children}
      <Modal opened={asking} onClose={cancel} title="Confirm it is you" centered>
        <Text size="sm" mb="md">
          This action needs a fresh confirmation with your passkey.
        </Text>
        <ProblemAlert error={error} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={cancel}>
            Cancel
          </Button>
          <Button onClick={confirm}>Confirm with passkey</Button>
        </Group>
      </Modal>
    </SensitiveContext.Provider>
  );
}

export function useSensitive(): Sensitive {
  const sensitive = useContext(SensitiveContext);
  if (!sensitive) throw new Error("useSensitive needs a ReauthenticationProvider");
  return sensitive;
}

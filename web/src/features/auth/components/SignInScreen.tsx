import { Anchor, Button, Divider, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { CenteredCard } from "@/components/CenteredCard";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { useSignInWithPasskey } from "../api/sign-in-with-passkey";
import { RecoveryCodeForm } from "./RecoveryCodeForm";

/** Sign in with a passkey, or with a recovery code when the passkey is not at hand. */
export function SignInScreen() {
  const navigate = useNavigate();
  const location = useLocation();
  const [withCode, setWithCode] = useState(false);
  const signIn = useSignInWithPasskey();
  const state = location.state as { from?: string; reason?: string } | null;
  const done = () => navigate(state?.from ?? "/", { replace: true });

  return (
    <CenteredCard>
      <PageTitle>Sign in</PageTitle>
      <Stack>
        {state?.reason && (
          <Text size="sm" role="status">
            {state.reason}
          </Text>
        )}
        <Button size="md" loading={signIn.isPending} onClick={() => signIn.mutate(undefined, { onSuccess: done })}>
          Sign in with a passkey
        </Button>
        <ProblemAlert error={signIn.error} />
        <Divider label="or" labelPosition="center" />
        {withCode ? (
          <RecoveryCodeForm onSignedIn={done} />
        ) : (
          <Anchor component="button" type="button" onClick={() => setWithCode(true)}>
            Use a recovery code instead
          </Anchor>
        )}
      </Stack>
    </CenteredCard>
  );
}

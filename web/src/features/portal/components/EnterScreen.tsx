import { Anchor, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { CenteredCard } from "@/components/CenteredCard";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useSignInWithLink } from "../api/sign-in-with-link";

/** `/o/<slug>/enter/<token>`: the emailed link signs in once, then leaves the address bar. */
export function EnterScreen() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const signIn = useSignInWithLink();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    signIn.mutate(token, { onSuccess: () => navigate("/", { replace: true, state: { fresh: true } }) });
  }, [token, signIn, navigate]);
  return (
    <CenteredCard>
      <PageTitle>Signing you in</PageTitle>
      {signIn.isError ? (
        <Stack>
          <ProblemAlert error={signIn.error} title="This link does not work any more" />
          <Text size="sm">
            Links work once and for 15 minutes. <Anchor component={Link} to="/" replace>Ask for a new one</Anchor>.
          </Text>
        </Stack>
      ) : (
        <Loading label="Signing you in" />
      )}
    </CenteredCard>
  );
}

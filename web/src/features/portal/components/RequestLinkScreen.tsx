import { Alert, Button, Divider, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { CenteredCard } from "@/components/CenteredCard";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { portalSlug } from "@/lib/portal-slug";
import { useRequestLink } from "../api/request-link";
import { useSignInWithPortalPasskey } from "../api/sign-in-with-passkey";

// One field, checked by hand: react-hook-form and zod stay out of the portal's first download.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_HINT = "Enter the email address your practice has for you";

/** Sign in by an emailed one-time link, or with a passkey added before. */
export function RequestLinkScreen({ practiceName }: { practiceName: string }) {
  const request = useRequestLink(portalSlug());
  const passkey = useSignInWithPortalPasskey();
  const navigate = useNavigate();
  const reason = (useLocation().state as { reason?: string } | null)?.reason;
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const address = email.trim();
    if (!EMAIL.test(address)) {
      setEmailError(EMAIL_HINT);
      return;
    }
    setEmailError(null);
    request.mutate(address, {
      onError: (e) => setEmailError(isProblem(e) ? (e.fields["email"] ?? null) : null),
    });
  };

  return (
    <CenteredCard>
      <PageTitle app={practiceName}>Sign in</PageTitle>
      <Stack>
        {reason && <Text size="sm" role="status">{reason}</Text>}
        {request.isSuccess ? (
          <Alert color="green" title="Check your email" role="status">
            If that address has access to {practiceName}'s portal, a sign-in link is on its way. It works once, for 15 minutes.
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <TextInput label="Your email address" type="email" autoComplete="email" name="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={emailError ?? undefined} />
              <ProblemAlert error={request.error} />
              <Button type="submit" loading={request.isPending}>Email me a sign-in link</Button>
            </Stack>
          </form>
        )}
        <Divider label="or" labelPosition="center" />
        <Button variant="default" loading={passkey.isPending} onClick={() => passkey.mutate(undefined, { onSuccess: () => navigate("/", { replace: true }) })}>
          Sign in with a passkey
        </Button>
        <ProblemAlert error={passkey.error} />
      </Stack>
    </CenteredCard>
  );
}

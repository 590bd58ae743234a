import { Alert, Button, Divider, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "react-hook-form";
import { useLocation, useNavigate } from "react-router";
import { CenteredCard } from "@/components/CenteredCard";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { showFieldProblems } from "@/lib/forms";
import { portalSlug } from "@/lib/portal-slug";
import { useRequestLink } from "../api/request-link";
import { useSignInWithPortalPasskey } from "../api/sign-in-with-passkey";

// One field: react-hook-form's own rules keep zod out of the portal's first download.
type Form = { email: string };
const EMAIL = { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ } as const;
const EMAIL_HINT = "Enter the email address your practice has for you";

/** Sign in by an emailed one-time link, or with a passkey added before. */
export function RequestLinkScreen({ practiceName }: { practiceName: string }) {
  const request = useRequestLink(portalSlug());
  const passkey = useSignInWithPortalPasskey();
  const navigate = useNavigate();
  const reason = (useLocation().state as { reason?: string } | null)?.reason;
  const { register, handleSubmit, formState, setError } = useForm<Form>();
  const submit = ({ email }: Form) =>
    request.mutate(email, { onError: (e) => showFieldProblems(e, ["email"], setError) });

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
          <form onSubmit={handleSubmit(submit)} noValidate>
            <Stack>
              <TextInput label="Your email address" type="email" autoComplete="email" error={formState.errors.email ? (formState.errors.email.message || EMAIL_HINT) : undefined} {...register("email", EMAIL)} />
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

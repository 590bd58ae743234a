import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { useNavigate, useParams } from "react-router";
import { z } from "zod";
import { CenteredCard } from "@/components/CenteredCard";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { type Enrolment, useEnrol } from "../api/join";
import { RecoveryCodes } from "./RecoveryCodes";

const schema = z.object({ passkeyName: z.string().trim().min(1, "Give the passkey a name").max(60) });
type Form = z.infer<typeof schema>;

const WORDS: Record<Enrolment, { title: string; intro: string }> = {
  join: {
    title: "Join your practice",
    intro: "You were invited to PracticeRunner. Create a passkey on this device to sign in: no password needed.",
  },
  reset: {
    title: "Set up a new passkey",
    intro: "Your access was reset. Create a new passkey on this device to sign in again.",
  },
};

/** `/join/<token>` (invitation) and `/reset/<token>` (after the owner's access reset). */
export function EnrolScreen({ kind }: { kind: Enrolment }) {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const enrol = useEnrol(kind, token);
  const { register, handleSubmit, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { passkeyName: "This device" },
  });
  const codes = enrol.data?.recovery_codes;
  useEffect(() => {
    if (enrol.isSuccess && !codes?.length) navigate("/", { replace: true });
  }, [enrol.isSuccess, codes, navigate]);

  if (enrol.isSuccess && codes?.length) {
    return (
      <CenteredCard>
        <PageTitle>Recovery codes</PageTitle>
        <RecoveryCodes codes={codes} onDone={() => navigate("/", { replace: true })} />
      </CenteredCard>
    );
  }
  return (
    <CenteredCard>
      <PageTitle>{WORDS[kind].title}</PageTitle>
      <form onSubmit={handleSubmit(({ passkeyName }) => enrol.mutate(passkeyName))} noValidate>
        <Stack>
          <Text size="sm">{WORDS[kind].intro}</Text>
          <TextInput
            label="Name this passkey"
            description="So you can tell your passkeys apart later, e.g. Work laptop"
            error={formState.errors.passkeyName?.message}
            {...register("passkeyName")}
          />
          <ProblemAlert error={enrol.error} />
          <Button type="submit" loading={enrol.isPending}>
            Create passkey
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}

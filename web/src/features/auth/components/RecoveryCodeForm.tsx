import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { showFieldProblems } from "@/lib/forms";
import { useSignInWithRecoveryCode } from "../api/sign-in-with-recovery-code";

const schema = z.object({
  practice: z.string().trim().min(3, "The practice's short name, as in its web address"),
  email: z.email("An email address"),
  code: z.string().trim().min(8, "A recovery code has 12 characters"),
});
type Form = z.infer<typeof schema>;

export function RecoveryCodeForm({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useSignInWithRecoveryCode();
  const { register, handleSubmit, formState, setError } = useForm<Form>({ resolver: zodResolver(schema) });
  const submit = (values: Form) =>
    signIn.mutate(values, {
      onSuccess: onSignedIn,
      onError: (error) => showFieldProblems(error, ["practice", "email", "code"], setError),
    });
  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      <Stack>
        <TextInput label="Practice" description="e.g. harbor-therapy" error={formState.errors.practice?.message} {...register("practice")} />
        <TextInput label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...register("email")} />
        <TextInput label="Recovery code" autoComplete="one-time-code" error={formState.errors.code?.message} {...register("code")} />
        <ProblemAlert error={signIn.error} />
        <Button type="submit" variant="light" loading={signIn.isPending}>
          Sign in with recovery code
        </Button>
      </Stack>
    </form>
  );
}

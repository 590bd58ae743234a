import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, SegmentedControl, Select, Stack, TextInput } from "@mantine/core";
import { Controller, useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { CONTACT_TYPES, LIFECYCLE_STATUSES, personPath } from "@/lib/record-paths";
import { useRegisterPerson } from "../api/register-person";
import { EMPTY_PERSON, type PersonForm, personSchema, registerBody, serviceFieldToForm } from "../person-form";

/** Register a client, a contact or an organisation (a sponsor or payer). */
export function NewPersonScreen() {
  const register = useRegisterPerson();
  const navigate = useNavigate();
  const form = useForm<PersonForm>({ resolver: zodResolver(personSchema), defaultValues: EMPTY_PERSON });
  const { errors } = form.formState;
  const kind = form.watch("kind");
  let unclaimed: unknown = register.error;

  const submit = (values: PersonForm) =>
    register.mutate(registerBody(values), {
      onSuccess: (answer) => navigate(personPath(answer.id)),
      onError: (error) => {
        if (!isProblem(error)) return;
        for (const [name, message] of Object.entries(serviceFieldToForm(error.fields))) {
          form.setError(name as keyof PersonForm, { type: "server", message });
        }
      },
    });
  if (isProblem(register.error) && Object.keys(serviceFieldToForm(register.error.fields)).length) unclaimed = null;

  return (
    <Stack maw={640}>
      <PageTitle>New person</PageTitle>
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="New person">
        <Stack>
          <Controller
            control={form.control}
            name="kind"
            render={({ field }) => (
              <SegmentedControl
                aria-label="Kind of record"
                data={[{ value: "individual", label: "A person" }, { value: "organisation", label: "An organisation" }]}
                {...field}
              />
            )}
          />
          {kind === "individual" ? (
            <>
              <Group grow align="flex-start">
                <TextInput label="First name" required autoComplete="off" error={errors.given_name?.message} {...form.register("given_name")} />
                <TextInput label="Last name" required autoComplete="off" error={errors.family_name?.message} {...form.register("family_name")} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label="Preferred name" autoComplete="off" error={errors.preferred_name?.message} {...form.register("preferred_name")} />
                <TextInput label="Date of birth" placeholder="YYYY-MM-DD" autoComplete="off" error={errors.birth_date?.message} {...form.register("birth_date")} />
              </Group>
            </>
          ) : (
            <TextInput label="Organisation name" required autoComplete="off" error={errors.organisation_name?.message} {...form.register("organisation_name")} />
          )}
          <Group grow align="flex-start">
            <TextInput label="Email" type="email" autoComplete="off" error={errors.email?.message} {...form.register("email")} />
            <TextInput label="Phone" type="tel" autoComplete="off" error={errors.phone?.message} {...form.register("phone")} />
          </Group>
          <Group grow align="flex-start">
            <Controller control={form.control} name="contact_type" render={({ field }) => (
              <Select label="Contact type" data={CONTACT_TYPES.map((c) => ({ ...c }))} allowDeselect={false} {...field} />
            )} />
            <Controller control={form.control} name="status" render={({ field }) => (
              <Select label="Status" data={LIFECYCLE_STATUSES.map((s) => ({ ...s }))} allowDeselect={false} {...field} />
            )} />
          </Group>
          <ProblemAlert error={unclaimed} />
          <Group>
            <Button type="submit" loading={register.isPending}>Save person</Button>
            <Button variant="default" onClick={() => navigate(-1)}>Cancel</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

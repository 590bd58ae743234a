import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, List, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { useChangePerson } from "../api/change-person";
import { contactDetailsBody, primaryOf } from "../contact-details";

type Person = components["schemas"]["PersonView"];

const schema = z.object({
  email: z.string().trim().max(254).refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter an email address such as name@example.com"),
  phone: z.string().trim().max(30, "At most 30 characters"),
});
type Form = z.infer<typeof schema>;

/** Emails, phones, address, birth date and insurance; the primary email and phone can be changed. */
export function ContactDetails({ person }: { person: Person }) {
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">Contact details</Title>
        {!editing && <Button size="xs" variant="default" onClick={() => setEditing(true)}>Edit contact details</Button>}
      </Group>
      {editing ? <EditContact person={person} onDone={() => setEditing(false)} /> : <ShowContact person={person} />}
    </Paper>
  );
}

function ShowContact({ person }: { person: Person }) {
  const address = person.address;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>Email</Text>
      {person.emails.length ? (
        <List size="sm" aria-label="Email addresses">
          {person.emails.map((e) => <List.Item key={String(e.address)}>{String(e.address)}{e.primary ? " (primary)" : ""}</List.Item>)}
        </List>
      ) : <Text size="sm" c="dimmed">None</Text>}
      <Text size="sm" fw={600}>Phone</Text>
      {person.phones.length ? (
        <List size="sm" aria-label="Phone numbers">
          {person.phones.map((ph) => <List.Item key={String(ph.number)}>{String(ph.number)}{ph.label ? ` (${String(ph.label)})` : ""}{ph.primary ? " (primary)" : ""}</List.Item>)}
        </List>
      ) : <Text size="sm" c="dimmed">None</Text>}
      {address && (
        <>
          <Text size="sm" fw={600}>Address</Text>
          <Text size="sm">{[address.line1, address.line2, address.city, address.region, address.postal_code, address.country].filter(Boolean).join(", ")}</Text>
        </>
      )}
      {person.birth_date && <Text size="sm"><b>Date of birth:</b> {person.birth_date}</Text>}
      {person.insurance && <Text size="sm"><b>Insurance:</b> {[person.insurance.payer, person.insurance.member_id].filter(Boolean).join(", member ")}</Text>}
    </Stack>
  );
}

function EditContact({ person, onDone }: { person: Person; onDone: () => void }) {
  const change = useChangePerson(person.person_id);
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { email: primaryOf(person.emails, "address"), phone: primaryOf(person.phones, "number") },
  });
  // Once the current version is loaded (Reload), a refusal about an older one is over. (Resetting the
  // mutation instead would drop a save in flight: its success would never close the form.)
  const error = change.variables?.version === person.version ? change.error : null;
  const submit = (values: Form) =>
    change.mutate(
      { version: person.version, change: { kind: "contact", body: contactDetailsBody(person, values) } },
      {
        onSuccess: onDone,
        onError: (error) => {
          if (!isProblem(error)) return;
          for (const [name, message] of Object.entries(error.fields)) {
            if (name.startsWith("emails")) form.setError("email", { type: "server", message });
            if (name.startsWith("phones")) form.setError("phone", { type: "server", message });
          }
        },
      },
    );
  const claimed = isProblem(error) && Object.keys(error.fields).some((f) => f.startsWith("emails") || f.startsWith("phones"));
  return (
    <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="Contact details">
      <Stack>
        <TextInput label="Primary email" type="email" autoComplete="off" error={form.formState.errors.email?.message} {...form.register("email")} />
        <TextInput label="Primary phone" type="tel" autoComplete="off" error={form.formState.errors.phone?.message} {...form.register("phone")} />
        {!claimed && <ProblemAlert error={error} />}
        <Group>
          <Button type="submit" size="xs" loading={change.isPending}>Save contact details</Button>
          <Button size="xs" variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

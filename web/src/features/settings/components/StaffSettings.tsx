import { zodResolver } from "@hookform/resolvers/zod";
import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { useChangeStaff, useStaff } from "../api/staff";
import { SettingsNav } from "./SettingsNav";

type Staff = components["schemas"]["StaffView"];
type Role = components["schemas"]["Role"];

export const ROLES = [
  { value: "owner", label: "Owner" },
  { value: "provider", label: "Provider" },
  { value: "associate", label: "Associate (supervised)" },
  { value: "coordinator", label: "Coordinator" },
  { value: "scheduler", label: "Scheduler" },
  { value: "billing", label: "Billing" },
];
const roleLabel = (r: string) => ROLES.find((x) => x.value === r)?.label ?? r;

/** Everyone on the practice's staff: invitations, roles and clinicians' credentials. */
export function StaffSettings() {
  const staff = useStaff();
  const [editing, setEditing] = useState<string | null>(null);
  const zone = usePractice().data?.timezone;
  return (
    <Stack>
      <PageTitle>Staff</PageTitle>
      <SettingsNav />
      <ProblemAlert error={staff.error} />
      {staff.isPending || !zone ? <Loading label="Loading staff" /> : (
        <Table aria-label="Staff">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Role</Table.Th><Table.Th>Status</Table.Th><Table.Th>Credentials</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(staff.data?.items ?? []).map((s) => (
              <StaffRow key={s.staff_id} member={s} zone={zone} editing={editing === s.staff_id} onEdit={(on) => setEditing(on ? s.staff_id : null)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Invite />
    </Stack>
  );
}

function StaffRow({ member, zone, editing, onEdit }: { member: Staff; zone: string; editing: boolean; onEdit: (on: boolean) => void }) {
  const change = useChangeStaff();
  const base = { id: member.staff_id, version: member.version };
  const name = `${member.given_name} ${member.family_name}`;
  const c = member.credentials;
  return (
    <>
      <Table.Tr>
        <Table.Td>{name}</Table.Td>
        <Table.Td>{member.email}</Table.Td>
        <Table.Td>
          {member.role === "owner" ? "Owner" : (
            <Select aria-label={`Role of ${name}`} data={ROLES.filter((r) => r.value !== "owner")} value={member.role} allowDeselect={false} w={200}
              onChange={(role) => role && role !== member.role && change.mutate({ kind: "role", ...base, body: { role: role as Role } })} comboboxProps={{ withinPortal: true }} />
          )}
        </Table.Td>
        <Table.Td>
          <Badge variant="light" color={member.status === "active" ? "blue" : member.status === "invited" ? "orange" : "gray"}>{member.status}</Badge>
          {member.status === "invited" && member.invitation_expires_at && (
            <Text size="xs">Invitation until {formatPracticeDateTime(member.invitation_expires_at, zone)}</Text>
          )}
        </Table.Td>
        <Table.Td>
          {member.is_provider ? (
            <Text size="sm">{[c.credentials, c.npi && `NPI ${c.npi}`, c.license_number && `License ${c.license_number}${c.license_state ? ` (${c.license_state})` : ""}`].filter(Boolean).join(" · ") || "None recorded"}</Text>
          ) : <Text size="sm" c="dimmed">Not a clinician</Text>}
        </Table.Td>
        <Table.Td>
          <Group gap={4}>
            {member.is_provider && <Button size="compact-xs" variant="default" onClick={() => onEdit(!editing)}>Credentials of {name}</Button>}
            {member.status === "invited" && <Button size="compact-xs" variant="default" loading={change.isPending} onClick={() => change.mutate({ kind: "resend", ...base })}>Resend invitation</Button>}
            {member.role !== "owner" && member.status !== "deactivated" && <Button size="compact-xs" variant="subtle" color="red" onClick={() => change.mutate({ kind: "deactivate", ...base })}>Deactivate {name}</Button>}
            {member.status === "deactivated" && <Button size="compact-xs" variant="default" onClick={() => change.mutate({ kind: "reactivate", ...base })}>Reactivate {name}</Button>}
          </Group>
        </Table.Td>
      </Table.Tr>
      {change.isSuccess && change.variables?.kind === "resend" && (
        <Table.Tr><Table.Td colSpan={6}><Text size="sm" role="status">A new invitation is on its way to {member.email}.</Text></Table.Td></Table.Tr>
      )}
      {change.error ? <Table.Tr><Table.Td colSpan={6}><ProblemAlert error={change.error} /></Table.Td></Table.Tr> : null}
      {editing && <Table.Tr><Table.Td colSpan={6}><Credentials member={member} onDone={() => onEdit(false)} /></Table.Td></Table.Tr>}
    </>
  );
}

const credentialsSchema = z.object({
  credentials: z.string().trim().max(60),
  npi: z.string().trim().refine((v) => v === "" || /^\d{10}$/.test(v), "An NPI has 10 digits"),
  license_number: z.string().trim().max(40),
  license_state: z.string().trim().toUpperCase().refine((v) => v === "" || /^[A-Z]{2}$/.test(v), "Two letters, such as ME"),
  taxonomy: z.string().trim().max(10),
});
type CredentialsForm = z.infer<typeof credentialsSchema>;

function Credentials({ member, onDone }: { member: Staff; onDone: () => void }) {
  const change = useChangeStaff();
  const c = member.credentials;
  const form = useForm<CredentialsForm>({
    resolver: zodResolver(credentialsSchema),
    defaultValues: { credentials: c.credentials ?? "", npi: c.npi ?? "", license_number: c.license_number ?? "", license_state: c.license_state ?? "", taxonomy: c.taxonomy ?? "" },
  });
  const e = form.formState.errors;
  const blank = (v: string) => v || null;
  const submit = (v: CredentialsForm) =>
    change.mutate(
      { kind: "credentials", id: member.staff_id, version: member.version, body: { credentials: blank(v.credentials), npi: blank(v.npi), license_number: blank(v.license_number), license_state: blank(v.license_state), taxonomy: blank(v.taxonomy) } },
      { onSuccess: onDone, onError: (error) => { if (isProblem(error)) for (const [k, m] of Object.entries(error.fields)) if (k in v) form.setError(k as keyof CredentialsForm, { type: "server", message: m }); } },
    );
  return (
    <form onSubmit={form.handleSubmit(submit)} noValidate aria-label={`Credentials of ${member.given_name} ${member.family_name}`}>
      <Group align="flex-start">
        <TextInput label="Credentials" placeholder="LCSW" error={e.credentials?.message} {...form.register("credentials")} />
        <TextInput label="NPI" error={e.npi?.message} {...form.register("npi")} />
        <TextInput label="License number" error={e.license_number?.message} {...form.register("license_number")} />
        <TextInput label="License state" w={110} error={e.license_state?.message} {...form.register("license_state")} />
        <TextInput label="Taxonomy" w={130} error={e.taxonomy?.message} {...form.register("taxonomy")} />
      </Group>
      <ProblemAlert error={isProblem(change.error) && Object.keys(change.error.fields).length ? null : change.error} />
      <Group mt="xs"><Button type="submit" size="xs" loading={change.isPending}>Save credentials</Button><Button size="xs" variant="default" onClick={onDone}>Cancel</Button></Group>
    </form>
  );
}

const inviteSchema = z.object({
  email: z.string().trim().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "Enter an email address such as name@example.com"),
  given_name: z.string().trim().min(1, "Enter a first name").max(100),
  family_name: z.string().trim().min(1, "Enter a last name").max(100),
  role: z.enum(["provider", "associate", "coordinator", "scheduler", "billing"]),
});
type InviteForm = z.infer<typeof inviteSchema>;

function Invite() {
  const change = useChangeStaff();
  const form = useForm<InviteForm>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", given_name: "", family_name: "", role: "provider" } });
  const e = form.formState.errors;
  const [sent, setSent] = useState<string | null>(null);
  const submit = (v: InviteForm) =>
    change.mutate({ kind: "invite", body: v }, {
      onSuccess: () => { setSent(v.email); form.reset(); },
      onError: (error) => { if (isProblem(error)) for (const [k, m] of Object.entries(error.fields)) if (k in v) form.setError(k as keyof InviteForm, { type: "server", message: m }); },
    });
  const claimed = isProblem(change.error) && Object.keys(change.error.fields).some((k) => ["email", "given_name", "family_name", "role"].includes(k));
  return (
    <Paper withBorder p="md" maw={900}>
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="Invite a staff member">
        <Stack gap="xs">
          <Title order={2} size="h4">Invite a staff member</Title>
          <Group align="flex-start">
            <TextInput label="First name" error={e.given_name?.message} {...form.register("given_name")} />
            <TextInput label="Last name" error={e.family_name?.message} {...form.register("family_name")} />
            <TextInput label="Work email" type="email" error={e.email?.message} {...form.register("email")} />
            <Controller control={form.control} name="role" render={({ field }) => (
              <Select label="Role" data={ROLES.filter((r) => r.value !== "owner")} allowDeselect={false} {...field} comboboxProps={{ withinPortal: true }} />
            )} />
          </Group>
          {sent && <Text size="sm" role="status">Invitation sent to {sent}. The link works for 7 days.</Text>}
          {!claimed && <ProblemAlert error={change.error} />}
          <Group><Button type="submit" loading={change.isPending}>Send invitation</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

export { roleLabel };

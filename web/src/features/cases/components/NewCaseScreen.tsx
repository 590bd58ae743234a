import { zodResolver } from "@hookform/resolvers/zod";
import { Button, CloseButton, Group, List, MultiSelect, Radio, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useLocation, useNavigate } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { PersonPicker } from "@/components/people/PersonPicker";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { usePeopleById } from "@/lib/queries/person";
import { CASE_KINDS, caseKind } from "@/lib/case-kinds";
import { casePath } from "@/lib/record-paths";
import { clinicianName, useClinicians } from "../api/get-clinicians";
import { useOpenCase } from "../api/open-case";
import { type CaseForm, EMPTY_CASE, caseFieldFor, caseSchema, openCaseBody, participantLimit, roomForParticipant } from "../case-form";

/** Open a case of any kind with its participants, providers, billing contact and supervisor. */
export function NewCaseScreen() {
  const open = useOpenCase();
  const navigate = useNavigate();
  const startWith = (useLocation().state as { personId?: string } | null)?.personId;
  const clinicians = useClinicians();
  const form = useForm<CaseForm>({
    resolver: zodResolver(caseSchema),
    defaultValues: { ...EMPTY_CASE, participant_ids: startWith ? [startWith] : [] },
  });
  const [names, setNames] = useState<Record<string, string>>({});
  const [picking, setPicking] = useState<string | null>(null);
  const { errors } = form.formState;
  const kind = form.watch("kind");
  const participants = form.watch("participant_ids");
  // A person chosen elsewhere (opening a case from their page) is named from their record.
  const unnamed = participants.filter((id) => !(id in names));
  const looked = usePeopleById(unnamed);
  const nameOf = (id: string) => names[id] ?? looked[unnamed.indexOf(id)]?.data?.display_name ?? "Chosen person";
  const clinicianOptions = (clinicians.data?.items ?? []).filter((c) => c.status !== "deactivated").map((c) => ({ value: c.staff_id, label: clinicianName(c) }));

  const submit = (values: CaseForm) =>
    open.mutate(openCaseBody(values), {
      onSuccess: (answer) => navigate(casePath(answer.id)),
      onError: (error) => {
        if (!isProblem(error)) return;
        for (const [name, message] of Object.entries(error.fields)) {
          const field = caseFieldFor(name);
          if (field) form.setError(field, { type: "server", message });
        }
      },
    });
  const claimed = isProblem(open.error) && Object.keys(open.error.fields).some((f) => caseFieldFor(f));
  const add = (id: string | null, name: string | null) => {
    if (!id) return;
    setNames((n) => ({ ...n, [id]: name ?? "" }));
    form.setValue("participant_ids", [...participants, id], { shouldValidate: form.formState.isSubmitted });
    setPicking(null);
  };
  const remove = (id: string) => form.setValue("participant_ids", participants.filter((p) => p !== id), { shouldValidate: form.formState.isSubmitted });

  return (
    <Stack maw={760}>
      <PageTitle>New case</PageTitle>
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="New case">
        <Stack>
          <Controller control={form.control} name="kind" render={({ field }) => (
            <Radio.Group label="Kind of case" required error={errors.kind?.message} {...field}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                {CASE_KINDS.map((k) => (
                  <Radio key={k.value} value={k.value} label={k.label} description={k.hint} />
                ))}
              </SimpleGrid>
            </Radio.Group>
          )} />
          <TextInput
            label={kind === "couple" ? "Label (for example: partners, co-parents, siblings)" : "Label (optional)"}
            autoComplete="off" error={errors.title?.message} {...form.register("title")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="participants-label">Participants</Text>
            {participants.length ? (
              <List aria-labelledby="participants-label" size="sm" spacing={4}>
                {participants.map((id) => (
                  <List.Item key={id}>
                    <Group gap={4}>
                      <span>{nameOf(id)}</span>
                      <CloseButton size="sm" aria-label={`Remove ${nameOf(id)} from the case`} onClick={() => remove(id)} />
                    </Group>
                  </List.Item>
                ))}
              </List>
            ) : <Text size="sm" c="dimmed">Nobody yet.</Text>}
            {roomForParticipant(kind, participants.length) ? (
              <PersonPicker label="Add a participant" value={picking} onChange={add} exclude={participants} organisations={false}
                error={errors.participant_ids?.message} description={participantLimit(kind) || undefined} />
            ) : (
              <Text size="sm" c={errors.participant_ids ? "red.8" : "dimmed"} role={errors.participant_ids ? "alert" : undefined}>
                {errors.participant_ids?.message ?? `${participantLimit(kind)}.`}
              </Text>
            )}
          </Stack>
          <Controller control={form.control} name="provider_ids" render={({ field }) => (
            <MultiSelect label="Providers" searchable data={clinicianOptions} error={errors.provider_ids?.message} {...field} comboboxProps={{ withinPortal: true }} />
          )} />
          <Group grow align="flex-start">
            <Controller control={form.control} name="billing_contact_id" render={({ field }) => (
              <PersonPicker label="Billing contact (when someone else pays)" value={field.value} onChange={(id) => field.onChange(id)} error={errors.billing_contact_id?.message} />
            )} />
            <Controller control={form.control} name="supervisor_id" render={({ field }) => (
              <Select label="Supervisor (optional)" clearable data={clinicianOptions} error={errors.supervisor_id?.message} {...field} comboboxProps={{ withinPortal: true }} />
            )} />
          </Group>
          <TextInput label="Opened on" placeholder="YYYY-MM-DD (today when blank)" autoComplete="off" w={260} error={errors.opened_on?.message} {...form.register("opened_on")} />
          {!caseKind(kind)?.psychotherapy && <Text size="sm">Consultation and workshop cases have no diagnosis, treatment plan or insurance claims; they bill with invoices and receipts.</Text>}
          {!claimed && <ProblemAlert error={open.error} />}
          <Group>
            <Button type="submit" loading={open.isPending}>Open case</Button>
            <Button variant="default" onClick={() => navigate(-1)}>Cancel</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Paper, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { useChangePractice, useFreshPractice } from "../api/practice";
import { SettingsNav } from "./SettingsNav";

type Practice = components["schemas"]["PracticeView"];

/** The practice's name, address, timezone, portal address and billing identity. */
export function PracticeDetails() {
  const practice = useFreshPractice();
  return (
    <Stack>
      <PageTitle>Practice settings</PageTitle>
      <SettingsNav />
      {practice.isPending ? <Loading label="Loading the practice" /> : practice.data ? (
        <Stack maw={720}>
          <Identity practice={practice.data} />
          <Address practice={practice.data} />
          <BillingIdentity practice={practice.data} />
        </Stack>
      ) : <ProblemAlert error={practice.error} />}
    </Stack>
  );
}

const identitySchema = z.object({
  name: z.string().trim().min(1, "Enter the practice's name").max(200),
  slug: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Lower-case letters, digits and single hyphens, such as harbor-therapy").max(63),
  timezone: z.string().trim().min(1, "Enter a timezone such as America/New_York"),
});
type Identity = z.infer<typeof identitySchema>;

/** One change per field that changed, each against the version the last one left. */
function Identity({ practice }: { practice: Practice }) {
  const change = useChangePractice();
  const form = useForm<Identity>({ resolver: zodResolver(identitySchema), values: { name: practice.name, slug: practice.slug, timezone: practice.timezone } });
  const submit = async (v: Identity) => {
    let version = practice.version;
    const steps = [
      v.name !== practice.name && ({ kind: "rename", body: { name: v.name } } as const),
      v.slug !== practice.slug && ({ kind: "slug", body: { slug: v.slug } } as const),
      v.timezone !== practice.timezone && ({ kind: "timezone", body: { timezone: v.timezone } } as const),
    ].filter((s) => s !== false);
    for (const step of steps) {
      try {
        version = (await change.mutateAsync({ version, change: step })).version;
      } catch (error) {
        if (isProblem(error)) {
          const field = step.kind === "rename" ? "name" : step.kind;
          if (!error.changedElsewhere) form.setError(field, { type: "server", message: error.detail ?? error.title });
        }
        return;
      }
    }
  };
  const fieldClaimed = isProblem(change.error) && !change.error.changedElsewhere;
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="Practice">
        <Stack>
          <Title order={2} size="h4">Practice</Title>
          <TextInput label="Practice name" error={form.formState.errors.name?.message} {...form.register("name")} />
          <TextInput label="Portal address" description={`Clients sign in at /o/${practice.slug}/`} error={form.formState.errors.slug?.message} {...form.register("slug")} />
          <TextInput label="Timezone" description="Every time in the app and in emails is shown in this zone" error={form.formState.errors.timezone?.message} {...form.register("timezone")} />
          {!fieldClaimed && <ProblemAlert error={change.error} />}
          <Group><Button type="submit" loading={change.isPending}>Save practice</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

const addressSchema = z.object({
  line1: z.string().trim().min(1, "Enter the street address").max(200),
  line2: z.string().trim().max(200),
  city: z.string().trim().min(1, "Enter the city").max(100),
  region: z.string().trim().max(100),
  postal_code: z.string().trim().min(1, "Enter the postal code").max(20),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Two letters, such as US"),
});
type AddressForm = z.infer<typeof addressSchema>;

export function addressValues(a: Record<string, string> | null | undefined): AddressForm {
  return { line1: a?.line1 ?? "", line2: a?.line2 ?? "", city: a?.city ?? "", region: a?.region ?? "", postal_code: a?.postal_code ?? "", country: a?.country ?? "US" };
}

function Address({ practice }: { practice: Practice }) {
  const change = useChangePractice();
  const form = useForm<AddressForm>({ resolver: zodResolver(addressSchema), values: addressValues(practice.address) });
  const e = form.formState.errors;
  const submit = (v: AddressForm) =>
    change.mutate(
      { version: practice.version, change: { kind: "address", body: { address: { ...v, line2: v.line2 || null, region: v.region || null } } } },
      { onError: (error) => { if (isProblem(error)) for (const [k, m] of Object.entries(error.fields)) form.setError(k.replace(/^address\./, "") as keyof AddressForm, { type: "server", message: m }); } },
    );
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="Address">
        <Stack>
          <Title order={2} size="h4">Address</Title>
          <TextInput label="Street address" error={e.line1?.message} {...form.register("line1")} />
          <TextInput label="Address line 2" error={e.line2?.message} {...form.register("line2")} />
          <Group grow align="flex-start">
            <TextInput label="City" error={e.city?.message} {...form.register("city")} />
            <TextInput label="State or region" error={e.region?.message} {...form.register("region")} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Postal code" error={e.postal_code?.message} {...form.register("postal_code")} />
            <TextInput label="Country" error={e.country?.message} {...form.register("country")} />
          </Group>
          <ProblemAlert error={isProblem(change.error) && Object.keys(change.error.fields).length ? null : change.error} />
          <Group><Button type="submit" loading={change.isPending}>Save address</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

const billingSchema = z.object({
  legal_name: z.string().trim().max(200),
  tax_id: z.string().trim().max(11),
  npi: z.string().trim().refine((v) => v === "" || /^\d{10}$/.test(v), "An NPI has 10 digits"),
  invoice_footer: z.string().max(1000),
});
type Billing = z.infer<typeof billingSchema>;

function BillingIdentity({ practice }: { practice: Practice }) {
  const change = useChangePractice();
  const b = practice.billing_identity;
  const form = useForm<Billing>({
    resolver: zodResolver(billingSchema),
    values: { legal_name: b.legal_name ?? "", tax_id: b.tax_id ?? "", npi: b.npi ?? "", invoice_footer: b.invoice_footer ?? "" },
  });
  const e = form.formState.errors;
  const submit = (v: Billing) =>
    change.mutate(
      { version: practice.version, change: { kind: "billing-identity", body: { legal_name: v.legal_name || null, tax_id: v.tax_id || null, npi: v.npi || null, invoice_footer: v.invoice_footer || null } } },
      { onError: (error) => { if (isProblem(error)) for (const [k, m] of Object.entries(error.fields)) if (k in v) form.setError(k as keyof Billing, { type: "server", message: m }); } },
    );
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.handleSubmit(submit)} noValidate aria-label="Billing identity">
        <Stack>
          <Title order={2} size="h4">Billing identity</Title>
          <TextInput label="Legal name" error={e.legal_name?.message} {...form.register("legal_name")} />
          <Group grow align="flex-start">
            <TextInput label="Tax ID" error={e.tax_id?.message} {...form.register("tax_id")} />
            <TextInput label="Group NPI" error={e.npi?.message} {...form.register("npi")} />
          </Group>
          <Textarea label="Invoice footer" autosize minRows={2} error={e.invoice_footer?.message} {...form.register("invoice_footer")} />
          <ProblemAlert error={isProblem(change.error) && Object.keys(change.error.fields).length ? null : change.error} />
          <Group><Button type="submit" loading={change.isPending}>Save billing identity</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

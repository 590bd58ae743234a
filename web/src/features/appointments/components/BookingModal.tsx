import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, NativeSelect, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useMemo } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { Loading } from "@/components/states/Loading";
import { showFieldProblems } from "@/lib/forms";
import { type WallClock, formatPracticeDateTime, practiceInstant } from "@/lib/practice-time";
import { useBookAppointment } from "../api/book-appointment";
import { useBookSeries } from "../api/book-series";
import { useBookingChoices } from "../api/get-booking-choices";
import { weeklyRule } from "../booking-rules";
import { BookingProblem } from "./Clashes";

const schema = z
  .object({
    case_id: z.string().min(1, "Choose a case"),
    provider_id: z.string().min(1, "Choose a provider"),
    service_id: z.string().min(1, "Choose a service"),
    location_id: z.string().min(1, "Choose a location"),
    room_id: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date"),
    time: z.string().regex(/^\d{2}:\d{2}$/, "Enter a time"),
    repeats: z.enum(["none", "1", "2"]),
    sessions: z.number().int().min(2, "At least 2 sessions").max(52, "At most 52 sessions"),
  });
type Form = z.infer<typeof schema>;

export type BookingDefaults = { slot: WallClock; provider_id?: string; location_id?: string; room_id?: string };

/** Book one appointment or a weekly series at a time in the practice's timezone. */
export function BookingModal({ defaults, timeZone, onClose }: {
  defaults: BookingDefaults | null;
  timeZone: string;
  onClose: () => void;
}) {
  const choices = useBookingChoices(Boolean(defaults));
  const one = useBookAppointment();
  const series = useBookSeries();
  const { register, handleSubmit, watch, reset, setValue, control, setError, formState } = useForm<Form>({
    resolver: zodResolver(schema),
  });

  const data = choices.data;
  useEffect(() => {
    if (!defaults || !data) return;
    const roomLocation = defaults.room_id
      ? data.locations.find((l) => l.rooms.some((r) => r.room_id === defaults.room_id))?.location_id
      : undefined;
    reset({
      case_id: "",
      provider_id: defaults.provider_id ?? "",
      service_id: data.services[0]?.service_id ?? "",
      location_id: roomLocation ?? defaults.location_id ?? data.locations[0]?.location_id ?? "",
      room_id: defaults.room_id ?? "",
      date: defaults.slot.date,
      time: defaults.slot.time,
      repeats: "none",
      sessions: 6,
    });
    one.reset();
    series.reset();
  }, [defaults, data, reset]);

  const caseId = watch("case_id");
  const locationId = watch("location_id");
  const repeats = watch("repeats");
  const date = watch("date");
  const time = watch("time");
  const chosenCase = data?.cases.find((c) => c.case_id === caseId);
  const location = data?.locations.find((l) => l.location_id === locationId);
  const providerOptions = useMemo(() => {
    const all = data?.providers ?? [];
    const onCase = chosenCase ? all.filter((p) => chosenCase.provider_ids.includes(p.staff_id)) : all;
    return (onCase.length ? onCase : all).map((p) => ({ value: p.staff_id, label: `${p.given_name} ${p.family_name}` }));
  }, [data, chosenCase]);
  useEffect(() => {
    if (chosenCase && !providerOptions.some((p) => p.value === watch("provider_id"))) {
      setValue("provider_id", providerOptions[0]?.value ?? "");
    }
  }, [chosenCase, providerOptions, setValue, watch]);

  const error = one.error ?? series.error;
  const pending = one.isPending || series.isPending;
  const submit = (form: Form) => {
    const start = practiceInstant({ date: form.date, time: form.time }, timeZone).toISOString();
    const base = {
      case_id: form.case_id,
      provider_id: form.provider_id,
      service_id: form.service_id,
      location_id: form.location_id,
      room_id: form.room_id || null,
      start,
    };
    const fieldNames = ["case_id", "provider_id", "service_id", "location_id", "room_id"] as const;
    const onError = (e: unknown) => showFieldProblems(e, [...fieldNames], setError);
    if (form.repeats === "none") one.mutate(base, { onSuccess: onClose, onError });
    else series.mutate({ ...base, rule: weeklyRule(Number(form.repeats), form.sessions) }, { onSuccess: onClose, onError });
  };

  const caseLabel = (c: NonNullable<typeof data>["cases"][number]) =>
    c.title ?? `${c.kind_label}: ${c.participants.filter((p) => !p.left_on).map((p) => p.display_name ?? "client").join(" & ")}`;
  const errors = formState.errors;
  let when = "";
  try {
    if (date && time) when = formatPracticeDateTime(practiceInstant({ date, time }, timeZone), timeZone);
  } catch {
    when = "";
  }

  return (
    <Modal opened={Boolean(defaults)} onClose={onClose} title="New appointment" size="lg" closeButtonProps={{ "aria-label": "Close dialog" }}>
      {!data ? (
        <Loading label="Loading cases and services" />
      ) : (
        <form onSubmit={handleSubmit(submit)} noValidate>
          <Stack>
            <NativeSelect
              label="Case"
              error={errors.case_id?.message}
              data={[{ value: "", label: "Choose a case" }, ...data.cases.map((c) => ({ value: c.case_id, label: caseLabel(c) }))]}
              {...register("case_id")}
            />
            <Group grow>
              <NativeSelect label="Provider" error={errors.provider_id?.message} data={providerOptions} {...register("provider_id")} />
              <NativeSelect
                label="Service"
                error={errors.service_id?.message}
                data={data.services.map((s) => ({ value: s.service_id, label: `${s.name} (${s.duration_minutes} min)` }))}
                {...register("service_id")}
              />
            </Group>
            <Group grow>
              <NativeSelect
                label="Location"
                error={errors.location_id?.message}
                data={data.locations.map((l) => ({ value: l.location_id, label: l.name }))}
                {...register("location_id", { onChange: () => setValue("room_id", "") })}
              />
              <NativeSelect
                label="Room"
                error={errors.room_id?.message}
                disabled={!location?.rooms.length}
                data={[{ value: "", label: location?.rooms.length ? "No room" : "This location has no rooms" },
                  ...(location?.rooms ?? []).map((r) => ({ value: r.room_id ?? "", label: r.name ?? "" }))]}
                {...register("room_id")}
              />
            </Group>
            <Group grow>
              <TextInput label={`Date (${timeZone})`} type="date" error={errors.date?.message} {...register("date")} />
              <TextInput label={`Start time (${timeZone})`} type="time" step={300} error={errors.time?.message} {...register("time")} />
            </Group>
            <Group grow align="flex-start">
              <NativeSelect
                label="Repeats"
                data={[{ value: "none", label: "Does not repeat" }, { value: "1", label: "Every week" }, { value: "2", label: "Every 2 weeks" }]}
                {...register("repeats")}
              />
              {repeats !== "none" && (
                <Controller
                  control={control}
                  name="sessions"
                  render={({ field }) => (
                    <NumberInput label="Number of sessions" min={2} max={52} error={errors.sessions?.message}
                      value={field.value} onChange={(v) => field.onChange(Number(v))} onBlur={field.onBlur} />
                  )}
                />
              )}
            </Group>
            {when && <Text size="sm" role="status">Starts {when}</Text>}
            <BookingProblem error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>Close</Button>
              <Button type="submit" loading={pending}>{repeats === "none" ? "Book appointment" : "Book series"}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

import { Select, TextInput, Textarea } from "@mantine/core";
import type { components } from "@/lib/api/schema";

type Field = components["schemas"]["NoteField"];

/** One template field as an input of its kind; `label` may name the participant too. */
export function NoteField({ field, label, value, error, onChange }: {
  field: Field;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const common = { label, withAsterisk: field.required, error };
  if (field.input === "text") {
    return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  if (field.input === "choice" || field.input === "yes_no") {
    const data = field.input === "yes_no" ? [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }] : field.choices;
    return <Select {...common} data={data} value={value || null} onChange={(v) => onChange(v ?? "")} clearable />;
  }
  return <Textarea {...common} autosize minRows={3} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

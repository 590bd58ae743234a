import { TextInput, type TextInputProps } from "@mantine/core";
import { parseMoney } from "../money";

type Props = Omit<TextInputProps, "value" | "onChange"> & {
  value: string;
  onChange: (text: string) => void;
  currency: string;
  /** A blank field is allowed (it means "none", or "as the practice"). */
  optional?: boolean;
};

/** An amount typed as the practice writes it, checked as cents before anything is sent. */
export function MoneyField({ value, onChange, currency, optional, error, ...rest }: Props) {
  const wrong = value.trim() === "" ? !optional : parseMoney(value, currency) === null;
  return (
    <TextInput
      inputMode="decimal"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error ?? (wrong && value.trim() !== "" ? "Enter an amount such as 150 or 150.50" : undefined)}
      {...rest}
    />
  );
}

/** Cents from a field, `null` for a blank one, `undefined` when it does not read as money. */
export function fieldCents(value: string, currency: string): number | null | undefined {
  if (value.trim() === "") return null;
  return parseMoney(value, currency) ?? undefined;
}

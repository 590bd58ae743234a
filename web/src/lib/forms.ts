/**
 * Putting the service's refusal next to the form field it concerns (react-hook-form). What no
 * field claims stays for the form's ProblemAlert.
 */
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { isProblem } from "./api/problem";

export function showFieldProblems<T extends FieldValues>(
  error: unknown,
  fieldNames: readonly Path<T>[],
  setError: UseFormSetError<T>,
): boolean {
  if (!isProblem(error)) return false;
  let claimed = false;
  for (const name of fieldNames) {
    const message = error.fields[name];
    if (message) {
      setError(name, { type: "server", message });
      claimed = true;
    }
  }
  return claimed;
}

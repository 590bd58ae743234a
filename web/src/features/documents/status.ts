import type { DocumentView } from "./api/documents";

const COUNTED: Record<string, [string, string]> = {
  superbill: ["session", "sessions"],
  cms1500: ["service line", "service lines"],
  statement: ["entry", "entries"],
  invoice: ["line", "lines"],
};

/** "Ready · 4 sessions", "Ready" (a receipt: one payment, nothing to count), "Failed", "Rendering…". */
export function statusLabel(d: Pick<DocumentView, "status" | "kind" | "lines">): string {
  if (d.status === "failed") return "Failed";
  if (d.status !== "ready") return "Rendering…";
  const words = COUNTED[d.kind];
  if (!words) return "Ready";
  return `Ready · ${d.lines} ${d.lines === 1 ? words[0] : words[1]}`;
}

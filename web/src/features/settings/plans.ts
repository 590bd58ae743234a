/**
 * What each plan includes (PRODUCT.md section 1), to show seats against the roster. The service
 * enforces these limits on every command; this only explains them.
 */
export type SeatKind = "clinician" | "associate" | "admin";

export const PLANS = [
  { value: "starter", label: "Starter", clients: "up to 10 active clients", seats: { clinician: 1, associate: 0, admin: 0 }, included: 1 },
  { value: "professional", label: "Professional", clients: "unlimited active clients", seats: { clinician: 1, associate: null, admin: null }, included: 1 },
  { value: "group", label: "Group", clients: "unlimited active clients", seats: { clinician: null, associate: null, admin: null }, included: 2 },
  { value: "archive", label: "Archive", clients: "read-only: no new work", seats: { clinician: null, associate: null, admin: null }, included: 0 },
] as const;

const ADMIN_ROLES = new Set(["coordinator", "scheduler", "billing"]);

export function seatOf(role: string): SeatKind {
  if (ADMIN_ROLES.has(role)) return "admin";
  return role === "associate" ? "associate" : "clinician";
}

export type SeatRow = { seat: SeatKind; used: number; allowed: number | null; extraBilled: number };

/** Seats in use by everyone not deactivated (invited staff hold their seat). */
export function seatRows(plan: string, staff: readonly { role: string; status: string }[]): SeatRow[] {
  const info = PLANS.find((p) => p.value === plan) ?? PLANS[2];
  const holding = staff.filter((s) => s.status !== "deactivated");
  return (["clinician", "associate", "admin"] as const).map((seat) => {
    const used = holding.filter((s) => seatOf(s.role) === seat).length;
    const allowed = info.seats[seat];
    const extraBilled = seat === "clinician" && allowed === null && info.included > 0 ? Math.max(0, used - info.included) : 0;
    return { seat, used, allowed, extraBilled };
  });
}

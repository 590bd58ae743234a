/**
 * The staff navigation. A feature adds its screen here and in router.tsx; `permission` hides
 * the entry from roles that may not use it (the service refuses them anyway).
 */
export type NavEntry = { label: string; to: string; roles?: readonly string[]; end?: boolean };

export const NAV: readonly NavEntry[] = [
  { label: "Today", to: "/" },
  { label: "Calendar", to: "/calendar" },
  { label: "Clients", to: "/clients", end: true },
  { label: "Cases", to: "/clients/cases" },
  { label: "Tasks", to: "/work/tasks" },
  { label: "Review queue", to: "/work/review", roles: ["owner", "provider"] },
  { label: "Outstanding balances", to: "/finance/outstanding", roles: ["owner", "billing", "coordinator"] },
  { label: "Revenue", to: "/finance/revenue", roles: ["owner", "billing", "coordinator"] },
  { label: "Billing settings", to: "/settings/billing", roles: ["billing"] },
  { label: "Settings", to: "/settings", roles: ["owner", "coordinator"] },
  { label: "Act as a provider", to: "/acting", roles: ["owner", "coordinator", "scheduler", "billing"] },
  { label: "Access log", to: "/audit/access-log", roles: ["owner"] },
  { label: "Record history", to: "/audit/history", roles: ["owner"] },
  { label: "Your account", to: "/account" },
];

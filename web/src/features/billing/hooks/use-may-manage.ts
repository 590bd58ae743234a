import { useMe } from "@/lib/queries/me";

/**
 * Owners and billing staff change billing; coordinators only read balances (the front desk
 * answers "what do I owe?"). The service refuses anyone else anyway; this keeps their screen
 * free of buttons that could only be refused.
 */
export function useMayManageBilling(): boolean {
  const role = useMe().data?.role;
  return role === "owner" || role === "billing";
}

/** Roles that may read billing (the service refuses the others anyway; this keeps their screens quiet). */
export const BILLING_ROLES: readonly string[] = ["owner", "billing", "coordinator"];

export const mayReadBilling = (role: string | null | undefined) => Boolean(role && BILLING_ROLES.includes(role));

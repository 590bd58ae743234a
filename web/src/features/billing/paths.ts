/** Billing screens' addresses (never an API GET path: the service answers those itself). */
export const invoicePath = (invoiceId: string) => `/finance/invoices/${invoiceId}`;
export const OUTSTANDING_PATH = "/finance/outstanding";
export const REVENUE_PATH = "/finance/revenue";

/** A key for one form's submission: a retried or double-clicked request takes effect once. */
export const newIdempotencyKey = () => crypto.randomUUID();

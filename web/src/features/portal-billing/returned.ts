/** Where Stripe's hosted page sent the payer back from, read from the billing page's query. */
export type Returned = "payment" | "method" | "method-cancelled" | null;

export function returnedFrom(params: URLSearchParams): Returned {
  if (params.get("payment") === "done") return "payment";
  switch (params.get("method")) {
    case "saved": return "method";
    case "cancelled": return "method-cancelled";
    default: return null;
  }
}

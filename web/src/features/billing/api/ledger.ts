import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export type LedgerScope = "payer" | "case" | "person";

/** Charges, payments, refunds, credits, balance and aging of a payer, a case or a person. */
export function getLedger(scope: LedgerScope, id: string) {
  const query = { after: after("billing") };
  switch (scope) {
    case "payer": return call(api.GET("/ledger/payers/{payer_id}", { params: { path: { payer_id: id }, query } }));
    case "case": return call(api.GET("/ledger/cases/{case_id}", { params: { path: { case_id: id }, query } }));
    case "person": return call(api.GET("/ledger/people/{person_id}", { params: { path: { person_id: id }, query } }));
  }
}

export const ledgerQueryOptions = (scope: LedgerScope, id: string) =>
  queryOptions({ queryKey: ["billing", "ledger", scope, id], queryFn: () => getLedger(scope, id) });

export const useLedger = (scope: LedgerScope, id: string) => useQuery(ledgerQueryOptions(scope, id));

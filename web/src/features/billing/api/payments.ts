import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** A payer's payments, newest first, each with what it paid on which invoice. */
export const getPayments = (payerId: string) =>
  call(api.GET("/payments", { params: { query: { payer_id: payerId, limit: 100, after: after("billing") } } }));

export const paymentsQueryOptions = (payerId: string) =>
  queryOptions({ queryKey: ["billing", "payments", payerId], queryFn: () => getPayments(payerId) });

export const usePayments = (payerId: string | null | undefined) =>
  useQuery({ ...paymentsQueryOptions(payerId ?? ""), enabled: Boolean(payerId) });

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** Notes waiting for the signed-in supervisor's co-signature, oldest submission first. */
export const getReviewQueue = () =>
  call(api.GET("/review-queue", { params: { query: { after: after("clinical") } } }));

export const reviewQueueQueryOptions = () =>
  queryOptions({ queryKey: ["review-queue"], queryFn: getReviewQueue, refetchInterval: 30_000 });

export const useReviewQueue = () => useQuery(reviewQueueQueryOptions());

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The signed-in person's practice: its name and timezone frame every screen. */
export const getPractice = () =>
  call(api.GET("/practice", { params: { query: { after: after("practice") } } }));

export const practiceQueryOptions = () =>
  queryOptions({ queryKey: ["practice"], queryFn: getPractice, staleTime: 300_000 });

export const usePractice = () => useQuery(practiceQueryOptions());

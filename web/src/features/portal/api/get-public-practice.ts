import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The practice's public face: its name and timezone, known before anyone signs in. */
export const getPublicPractice = (slug: string) =>
  call(api.GET("/public/practices/{slug}", { params: { path: { slug } } }));

export const publicPracticeQueryOptions = (slug: string) =>
  queryOptions({ queryKey: ["portal", "practice", slug], queryFn: () => getPublicPractice(slug), staleTime: 600_000 });

export const usePublicPractice = (slug: string) => useQuery(publicPracticeQueryOptions(slug));

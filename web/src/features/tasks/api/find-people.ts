import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Clients whose names start with what was typed, for the task list's client filter. */
export const findPeople = (name: string) =>
  call(api.GET("/people", { params: { query: { name, limit: 10 } } }));

export const findPeopleQueryOptions = (name: string) =>
  queryOptions({ queryKey: ["people", "find", name], queryFn: () => findPeople(name), staleTime: 30_000 });

export const useFindPeople = (name: string) =>
  useQuery({ ...findPeopleQueryOptions(name), enabled: name.trim().length >= 2 });

export const getPerson = (personId: string) =>
  call(api.GET("/people/{person_id}", { params: { path: { person_id: personId } } }));

export const usePersonName = (personId: string | null) =>
  useQuery({ queryKey: ["people", personId], queryFn: () => getPerson(personId ?? ""), enabled: Boolean(personId), select: (p) => p.display_name });

export const getPersonCases = (personId: string) =>
  call(api.GET("/cases", { params: { query: { person_id: personId, limit: 50 } } }));

export const usePersonCases = (personId: string | null) =>
  useQuery({ queryKey: ["cases", "of", personId], queryFn: () => getPersonCases(personId ?? ""), enabled: Boolean(personId) });

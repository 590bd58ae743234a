import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/**
 * The practice's staff by id, to put a colleague's name where an answer names only their id
 * (a note's author and reviewer, a task's assignee). Every role may read the staff list.
 */
export const getStaffDirectory = async () => {
  const page = await call(api.GET("/staff", { params: { query: { limit: 200 } } }));
  return new Map(page.items.map((s) => [s.staff_id, `${s.given_name} ${s.family_name}`.trim()]));
};

export const staffDirectoryQueryOptions = () =>
  queryOptions({ queryKey: ["staff", "directory"], queryFn: getStaffDirectory, staleTime: 300_000 });

/** A function from a staff id to a name ("A colleague" for an id not listed, such as a service). */
export function useStaffName(): (id: string | null | undefined) => string {
  const directory = useQuery(staffDirectoryQueryOptions());
  return (id) => (id ? (directory.data?.get(id) ?? "A colleague") : "");
}

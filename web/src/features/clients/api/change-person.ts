import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

/**
 * Changes to a person read at `version`: sent with If-Match, so a change someone else made
 * meanwhile is refused (412) rather than overwritten.
 */
export type PersonChange =
  | { kind: "contact"; body: S["ChangeContactDetailsBody"] }
  | { kind: "status"; body: S["ChangeLifecycleStatusBody"] }
  | { kind: "relationship"; body: S["AddRelationshipBody"] }
  | { kind: "helper"; body: S["HelperCommandBody"] }
  | { kind: "remove-helper"; body: S["HelperCommandBody"] }
  | { kind: "verify"; body: S["VerifyRepresentativeBody"] };

export function changePerson(personId: string, version: number, change: PersonChange) {
  const options = { params: { path: { person_id: personId } }, headers: ifMatch(version) };
  switch (change.kind) {
    case "contact":
      return call(api.POST("/people/{person_id}/change-contact-details", { ...options, body: change.body }));
    case "status":
      return call(api.POST("/people/{person_id}/change-status", { ...options, body: change.body }));
    case "relationship":
      return call(api.POST("/people/{person_id}/add-relationship", { ...options, body: change.body }));
    case "helper":
      return call(api.POST("/people/{person_id}/add-helper", { ...options, body: change.body }));
    case "remove-helper":
      return call(api.POST("/people/{person_id}/remove-helper", { ...options, body: change.body }));
    case "verify":
      return call(api.POST("/people/{person_id}/verify-representative", { ...options, body: change.body }));
  }
}

export function useChangePerson(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, change }: { version: number; change: PersonChange }) => changePerson(personId, version, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["people"] }),
  });
}

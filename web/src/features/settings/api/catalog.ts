import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

export const locationsQueryOptions = () =>
  queryOptions({
    queryKey: ["locations", "all"],
    queryFn: () => call(api.GET("/locations", { params: { query: { include_archived: true, limit: 200, after: after("practice") } } })),
  });
export const useLocations = () => useQuery(locationsQueryOptions());

export const servicesQueryOptions = () =>
  queryOptions({
    queryKey: ["services", "all"],
    queryFn: () => call(api.GET("/services", { params: { query: { include_retired: true, limit: 200, after: after("practice") } } })),
  });
export const useServices = () => useQuery(servicesQueryOptions());

export type CatalogChange =
  | { kind: "add-location"; body: S["AddLocation"] }
  | { kind: "add-room"; id: string; version: number; body: S["AddRoomBody"] }
  | { kind: "remove-room"; id: string; version: number; body: S["RemoveRoomBody"] }
  | { kind: "location-visibility"; id: string; version: number; body: S["ChangeLocationVisibilityBody"] }
  | { kind: "archive-location"; id: string; version: number }
  | { kind: "add-service"; body: S["AddService"] }
  | { kind: "service-fee"; id: string; version: number; body: S["ChangeServiceFeeBody"] }
  | { kind: "service-cpt"; id: string; version: number; body: S["ChangeServiceCptCodeBody"] }
  | { kind: "service-online"; id: string; version: number; body: S["ChangeOnlineBookingBody"] }
  | { kind: "retire-service"; id: string; version: number };

export function changeCatalog(change: CatalogChange) {
  if (change.kind === "add-location") return call(api.POST("/locations", { body: change.body }));
  if (change.kind === "add-service") return call(api.POST("/services", { body: change.body }));
  const headers = ifMatch(change.version);
  const loc = { params: { path: { location_id: change.id } }, headers };
  const svc = { params: { path: { service_id: change.id } }, headers };
  switch (change.kind) {
    case "add-room": return call(api.POST("/locations/{location_id}/add-room", { ...loc, body: change.body }));
    case "remove-room": return call(api.POST("/locations/{location_id}/remove-room", { ...loc, body: change.body }));
    case "location-visibility": return call(api.POST("/locations/{location_id}/change-visibility", { ...loc, body: change.body }));
    case "archive-location": return call(api.POST("/locations/{location_id}/archive", loc));
    case "service-fee": return call(api.POST("/services/{service_id}/change-fee", { ...svc, body: change.body }));
    case "service-cpt": return call(api.POST("/services/{service_id}/change-cpt-code", { ...svc, body: change.body }));
    case "service-online": return call(api.POST("/services/{service_id}/change-online-booking", { ...svc, body: change.body }));
    case "retire-service": return call(api.POST("/services/{service_id}/retire", svc));
  }
}

export function useChangeCatalog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeCatalog,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ["locations"] }), queryClient.invalidateQueries({ queryKey: ["services"] })]),
  });
}

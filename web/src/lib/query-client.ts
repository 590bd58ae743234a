/**
 * One QueryClient for the app. Refusals (4xx) are answers, not glitches: they are never
 * retried. A 401 anywhere sends the person to sign in again (see app/*\/auth-guard).
 */
import { QueryClient } from "@tanstack/react-query";
import { isProblem } from "./api/problem";

export function makeQueryClient(onSignedOut: () => void): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          !(isProblem(error) && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  client.getQueryCache().subscribe((event) => {
    const error = event.query.state.error;
    if (event.type === "updated" && isProblem(error) && error.needsSignIn) onSignedOut();
  });
  return client;
}

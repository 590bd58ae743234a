/**
 * The one typed client of the service's public API, generated from web/openapi.json
 * (`npm run generate`; never edit schema.d.ts by hand). The browser's session is the
 * HttpOnly `__Host-pr_session` cookie, so the app never sees a token.
 *
 * `call()` unwraps an answer or throws an `ApiProblem`; features use it in their one-file-per-
 * server-call fetchers:
 *
 *     const me = await call(api.GET("/auth/me"));
 */
import createClient, { type Middleware } from "openapi-fetch";
import { noteActivity } from "../activity";
import { ApiProblem, type ProblemBody } from "./problem";
import { rememberPosition } from "./positions";
import type { paths } from "./schema";

const origin = typeof window !== "undefined" ? window.location.origin : "http://localhost";

const remembering: Middleware = {
  onResponse({ response }) {
    rememberPosition(response.headers.get("X-Log-Position"));
    if (response.status !== 401) noteActivity();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: origin,
  credentials: "same-origin",
  headers: { Accept: "application/json" },
});
api.use(remembering);

type Answer<T> = { data?: T; error?: unknown; response: Response };

export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) {
    const body = (error && typeof error === "object" ? error : {}) as ProblemBody;
    throw new ApiProblem(response.status, body);
  }
  return data as T;
}

/** The ETag of a resource read, as If-Match expects it back. */
export function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"${version}"` };
}

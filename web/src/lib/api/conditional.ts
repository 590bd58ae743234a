/**
 * Cheap polling: send back the ETag of the last answer in If-None-Match; a 304 means nothing
 * changed, and the previous answer stands (the same object, so nothing re-renders).
 */
import { ApiProblem, type ProblemBody } from "./problem";

export type Tagged<T> = { etag: string | null; data: T };

type Answer<T> = { data?: T; error?: unknown; response: Response };

export async function conditionalGet<T>(
  request: (headers: Record<string, string>) => Promise<Answer<T>>,
  previous: Tagged<T> | undefined,
): Promise<Tagged<T>> {
  const headers: Record<string, string> = previous?.etag ? { "If-None-Match": previous.etag } : {};
  const { data, error, response } = await request(headers);
  if (response.status === 304 && previous) return previous;
  if (!response.ok) {
    const body = (error && typeof error === "object" ? error : {}) as ProblemBody;
    throw new ApiProblem(response.status, body);
  }
  return { etag: response.headers.get("ETag"), data: data as T };
}

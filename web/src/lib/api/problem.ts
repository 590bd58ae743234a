/**
 * RFC 9457 problem+json answers from the service, as one error type the screens understand.
 * `code` is the stable last segment of `type` (e.g. "double-booking"); `fields` maps a form
 * field name to the message that concerns it, so forms can show it next to that field.
 */
export type ProblemBody = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
  errors?: { location?: (string | number)[]; message?: string }[];
  [extra: string]: unknown;
};

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fields: Record<string, string>;
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody) {
    super(body.detail ?? body.title ?? `Request failed (${status})`);
    this.name = "ApiProblem";
    this.status = status;
    this.body = body;
    this.code = (body.type ?? "").split("/").pop() || "http-error";
    this.title = body.title ?? "Something went wrong";
    this.detail = body.detail;
    this.fields = fieldMessages(body);
  }

  /** Someone else changed the record since it was read (If-Match failed, or a write race). */
  get changedElsewhere(): boolean {
    return this.code === "version-mismatch" || (this.status === 409 && this.code === "conflict");
  }

  get needsSignIn(): boolean {
    return this.status === 401;
  }

  get needsReauthentication(): boolean {
    return this.code === "reauthentication-required";
  }
}

/** Validation errors name a location such as ["body", "email"]; domain errors may name a `field`. */
export function fieldMessages(body: ProblemBody): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of body.errors ?? []) {
    const location = (error.location ?? []).filter((part) => part !== "body");
    const name = location.map(String).join(".");
    if (name && error.message && !(name in fields)) fields[name] = error.message;
  }
  if (typeof body.field === "string" && body.detail) fields[body.field] = body.detail;
  return fields;
}

export function isProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

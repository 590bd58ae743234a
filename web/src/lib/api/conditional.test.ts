import { describe, expect, it } from "vitest";
import { conditionalGet, type Tagged } from "./conditional";

const answer = (status: number, body: unknown, etag?: string) => ({
  data: status === 200 ? body : undefined,
  error: status >= 400 ? body : undefined,
  response: new Response(status === 304 ? null : JSON.stringify(body), {
    status,
    headers: etag ? { ETag: etag } : {},
  }),
});

describe("conditionalGet", () => {
  it("asks without a tag first and keeps the tag it is given", async () => {
    const sent: Record<string, string>[] = [];
    const first = await conditionalGet(async (headers) => {
      sent.push(headers);
      return answer(200, { total: 2 }, 'W/"7.me"');
    }, undefined);
    expect(sent).toEqual([{}]);
    expect(first).toEqual({ etag: 'W/"7.me"', data: { total: 2 } });
  });

  it("sends the tag back and keeps the same answer object on 304", async () => {
    const previous: Tagged<{ total: number }> = { etag: 'W/"7.me"', data: { total: 2 } };
    const sent: Record<string, string>[] = [];
    const next = await conditionalGet(async (headers) => {
      sent.push(headers);
      return answer(304, null, 'W/"7.me"');
    }, previous);
    expect(sent).toEqual([{ "If-None-Match": 'W/"7.me"' }]);
    expect(next).toBe(previous);
  });

  it("takes a changed answer and its new tag", async () => {
    const previous = { etag: 'W/"7.me"', data: { total: 2 } };
    const next = await conditionalGet(async () => answer(200, { total: 1 }, 'W/"8.me"'), previous);
    expect(next).toEqual({ etag: 'W/"8.me"', data: { total: 1 } });
  });

  it("throws the service's problem on a refusal", async () => {
    const refused = conditionalGet(
      async () => answer(403, { type: "https://practicerunner.org/problems/forbidden", detail: "No." }),
      undefined,
    );
    await expect(refused).rejects.toMatchObject({ status: 403, code: "forbidden", detail: "No." });
  });
});

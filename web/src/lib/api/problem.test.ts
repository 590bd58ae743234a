import { describe, expect, it } from "vitest";
import { ApiProblem } from "./problem";
import { after, forgetPositions, rememberPosition } from "./positions";

describe("problems from the service", () => {
  it("puts each validation message next to the field it names", () => {
    const problem = new ApiProblem(422, {
      type: "https://practicerunner.org/problems/validation-error",
      title: "The request is not valid",
      detail: "body.email: not an email",
      errors: [
        { location: ["body", "email"], message: "value is not a valid email address" },
        { location: ["body", "address", "city"], message: "Field required" },
      ],
    });
    expect(problem.code).toBe("validation-error");
    expect(problem.fields).toEqual({
      email: "value is not a valid email address",
      "address.city": "Field required",
    });
  });

  it("reads a domain error's field and detail", () => {
    const problem = new ApiProblem(422, {
      type: "https://practicerunner.org/problems/invalid-value",
      detail: "The address needs city.",
      field: "address",
    });
    expect(problem.fields).toEqual({ address: "The address needs city." });
    expect(problem.message).toBe("The address needs city.");
  });

  it("knows a record changed by someone else from a refused If-Match or a write race", () => {
    expect(new ApiProblem(412, { type: "x/version-mismatch" }).changedElsewhere).toBe(true);
    expect(new ApiProblem(409, { type: "x/conflict" }).changedElsewhere).toBe(true);
    expect(new ApiProblem(409, { type: "x/double-booking" }).changedElsewhere).toBe(false);
    expect(new ApiProblem(403, { type: "x/reauthentication-required" }).needsReauthentication).toBe(true);
  });
});

describe("read-your-writes positions", () => {
  it("waits for the newest position written in each context", () => {
    forgetPositions();
    expect(after("scheduling")).toBeUndefined();
    rememberPosition("scheduling:41");
    rememberPosition("scheduling:7");
    rememberPosition("practice:3");
    rememberPosition("garbage");
    expect(after("scheduling")).toBe("scheduling:41");
    expect(after("practice")).toBe("practice:3");
  });
});

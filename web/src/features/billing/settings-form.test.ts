import { describe, expect, it } from "vitest";
import { formFromValues, valuesFromForm } from "./settings-form";

const DEFAULTS = {
  billing_mode: "manual", accepted_methods: ["card", "cash"], review_delay_hours: 0,
  discount: { applies_to: [], kind: "percent", value: 0 }, late_cancel_fee_cents: null,
  no_show_fee_cents: 7500, payment_terms_days: 14, autopay_notice: true, autopay_notice_hours: 48,
  autopay_retry_days: [1, 3],
};

describe("the billing settings form", () => {
  it("shows fees in dollars and sends them back as the same cents", () => {
    const form = formFromValues(DEFAULTS, "USD");
    expect(form.no_show_fee).toBe("75.00");
    expect(form.late_cancel_fee).toBe("");
    expect(valuesFromForm(form, "USD")).toEqual({ values: DEFAULTS });
  });

  it("sends a typed fee as cents and a blank one as none", () => {
    const form = { ...formFromValues(DEFAULTS, "USD"), late_cancel_fee: "$60.50", no_show_fee: "" };
    const sent = valuesFromForm(form, "USD");
    expect(sent).toMatchObject({ values: { late_cancel_fee_cents: 6050, no_show_fee_cents: null } });
  });

  it("keeps a fixed discount in cents and a percent as a whole number", () => {
    const fixed = { ...formFromValues(DEFAULTS, "USD"), discount_kind: "fixed", discount_value: "12.50", discount_applies_to: ["manual"] };
    expect(valuesFromForm(fixed, "USD")).toMatchObject({ values: { discount: { applies_to: ["manual"], kind: "fixed", value: 1250 } } });
    const percent = { ...fixed, discount_kind: "percent", discount_value: "5" };
    expect(valuesFromForm(percent, "USD")).toMatchObject({ values: { discount: { kind: "percent", value: 5 } } });
  });

  it("says which field does not read, and sends nothing", () => {
    const form = formFromValues(DEFAULTS, "USD");
    expect(valuesFromForm({ ...form, no_show_fee: "75.255" }, "USD")).toMatchObject({ field: "no_show_fee_cents" });
    expect(valuesFromForm({ ...form, autopay_retry_days: "1, soon" }, "USD")).toMatchObject({ field: "autopay_retry_days" });
    expect(valuesFromForm({ ...form, discount_value: "2.5" }, "USD")).toMatchObject({ field: "discount" });
  });
});

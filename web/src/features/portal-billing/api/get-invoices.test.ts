import { describe, expect, it } from "vitest";
import { invoicesOf } from "./get-invoices";

const invoice = (id: string) => ({
  invoice_id: id, display_number: `INV-${id}`, wording: "", status: "sent", issued_at: null,
  due_on: null, lines: [], total_cents: 100, paid_cents: 0, balance_cents: 100, payable: true,
});

describe("the portal's invoice pages", () => {
  it("lists the pages read so far in order, each invoice once", () => {
    const data = {
      pages: [
        { items: [invoice("3"), invoice("2")], next_cursor: "c1" },
        { items: [invoice("2"), invoice("1")], next_cursor: null },
      ],
      pageParams: [null, "c1"],
    };
    expect(invoicesOf(data).map((i) => i.invoice_id)).toEqual(["3", "2", "1"]);
    expect(invoicesOf(undefined)).toEqual([]);
  });
});

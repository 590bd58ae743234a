"""The CMS-1500 (02/12) page: where every box sits, and the two renderings built from that one
geometry: the complete form (red rules and labels drawn, the data in them) and the data alone
for printing onto pre-printed red forms, in Courier 10 pt capitals, moved by the practice's
horizontal and vertical offsets to suit its printer.

Positions follow the form's print grid: 10 characters to the inch across, 6 lines to the inch
down, column 1 and line 1 at the top left of the sheet. A box is (column, line, width in
columns, height in lines); its data is written on its last line. ``box_area`` gives a box's
rectangle in PDF points so tests can check what was printed where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from practicerunner.adapters.pdf.render import render_template
from practicerunner.domain.documents.claims import Claim, ClaimPage

POINTS_PER_COLUMN = 7.2  # 1/10 inch
POINTS_PER_LINE = 12.0  # 1/6 inch
PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter
MAX_OFFSET_POINTS = 72  # an inch either way is more than any printer needs


@dataclass(frozen=True)
class Box:
    label: str
    column: int
    line: int
    width: int
    height: int = 2
    align: str = "left"

    def area(self, dx: float = 0, dy: float = 0) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in points from the page's top left."""
        x0 = (self.column - 1) * POINTS_PER_COLUMN + dx
        top = (self.line - self.height) * POINTS_PER_LINE + dy
        return x0, top, x0 + self.width * POINTS_PER_COLUMN, top + self.height * POINTS_PER_LINE


# The boxes a claim fills; the carrier block sits top right.
BOXES: dict[str, Box] = {
    "carrier_name": Box("CARRIER", 50, 3, 30),
    "1_group_health_plan": Box("1 GROUP HEALTH PLAN", 37, 9, 6),
    "1a": Box("1a. INSURED'S I.D. NUMBER", 50, 9, 30),
    "2": Box("2. PATIENT'S NAME (Last, First, MI)", 1, 11, 29),
    "3_dob": Box("3. PATIENT'S BIRTH DATE", 31, 11, 12),
    "4": Box("4. INSURED'S NAME (Last, First, MI)", 50, 11, 30),
    "5_street": Box("5. PATIENT'S ADDRESS (No., Street)", 1, 13, 29),
    "6_self": Box("6. PATIENT RELATIONSHIP TO INSURED: SELF", 31, 13, 18),
    "7_street": Box("7. INSURED'S ADDRESS (No., Street)", 50, 13, 30),
    "5_city": Box("CITY", 1, 15, 24),
    "5_state": Box("STATE", 26, 15, 4),
    "7_city": Box("CITY", 50, 15, 22),
    "7_state": Box("STATE", 73, 15, 7),
    "5_zip": Box("ZIP CODE", 1, 17, 12),
    "5_phone": Box("TELEPHONE", 14, 17, 16),
    "7_zip": Box("ZIP CODE", 50, 17, 12),
    "10a_no": Box("10a. EMPLOYMENT? NO", 31, 21, 18),
    "10b_no": Box("10b. AUTO ACCIDENT? NO", 31, 23, 18),
    "10c_no": Box("10c. OTHER ACCIDENT? NO", 31, 25, 18),
    "11c": Box("11c. INSURANCE PLAN NAME OR PROGRAM NAME", 50, 25, 30),
    "11d_no": Box("11d. ANOTHER HEALTH BENEFIT PLAN? NO", 50, 27, 30),
    "12": Box("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE", 1, 31, 48),
    "13": Box("13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", 50, 31, 30),
    "17_qualifier": Box("17. QUAL", 1, 35, 3),
    "17": Box("17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 4, 35, 26),
    "17b": Box("17b. NPI", 31, 35, 18),
    "21_icd": Box("21. ICD Ind.", 40, 37, 9, 2),
    "25": Box("25. FEDERAL TAX I.D. NUMBER", 1, 59, 16),
    "25_ein": Box("EIN", 19, 59, 3),
    "26": Box("26. PATIENT'S ACCOUNT NO.", 23, 59, 15),
    "27_yes": Box("27. ACCEPT ASSIGNMENT? YES", 38, 59, 11),
    "31": Box("31. SIGNATURE OF PHYSICIAN OR SUPPLIER", 1, 63, 22, 3),
    "31_date": Box("", 1, 64, 22, 1),
    "32_name": Box("32. SERVICE FACILITY LOCATION INFORMATION", 23, 62, 27, 2),
    "32_street": Box("", 23, 63, 27, 1),
    "32_city": Box("", 23, 64, 27, 1),
    "33_name": Box("33. BILLING PROVIDER INFO & PH #", 50, 62, 30, 2),
    "33_street": Box("", 50, 63, 30, 1),
    "33_city": Box("", 50, 64, 30, 1),
    "33_phone": Box("", 66, 61, 14, 1),
    "33a": Box("33a. NPI", 50, 65, 14, 1),
}
# Box 21's twelve diagnoses: A-D, E-H and I-L across three lines.
DIAGNOSIS_BOXES = {
    letter: Box(f"{letter}.", 3 + (i % 4) * 12, 38 + i // 4, 11, 1)
    for i, letter in enumerate("ABCDEFGHIJKL")
}
# Box 24: six service lines; line n's data on line 45 + 2n (the shaded half above it is for
# supplemental information, which this product does not print).
FIRST_SERVICE_LINE, SERVICE_LINE_STEP = 46, 2
SERVICE_COLUMNS: dict[str, Box] = {
    "24A_from": Box("24A. FROM", 1, 0, 8, 1),
    "24A_to": Box("TO", 10, 0, 8, 1),
    "24B": Box("B. POS", 19, 0, 3, 1),
    "24D": Box("D. CPT/HCPCS", 25, 0, 7, 1),
    "24D_mod": Box("MODIFIER", 32, 0, 11, 1),
    "24E": Box("E. PTR", 44, 0, 5, 1),
    "24F_dollars": Box("F. $ CHARGES", 49, 0, 6, 1, "right"),
    "24F_cents": Box("", 56, 0, 3, 1),
    "24G": Box("G. UNITS", 59, 0, 4, 1, "right"),
    "24J": Box("J. RENDERING NPI", 68, 0, 12, 1),
}
TOTAL_BOXES = {
    "28_dollars": Box("28. TOTAL CHARGE", 50, 59, 6, 2, "right"),
    "28_cents": Box("", 57, 59, 3),
    "29_dollars": Box("29. AMOUNT PAID", 61, 59, 6, 2, "right"),
    "29_cents": Box("", 68, 59, 3),
    "page": Box("PAGE", 71, 59, 9),
}


def service_box(column: str, row: int) -> Box:
    """A service line's box (``row`` from 1 to 6)."""
    base = SERVICE_COLUMNS[column]
    return Box(base.label, base.column, FIRST_SERVICE_LINE + (row - 1) * SERVICE_LINE_STEP,
               base.width, 1, base.align)  # fmt: skip


def box_area(key: str, row: int | None = None, dx: float = 0, dy: float = 0) -> tuple:
    if row is not None:
        return service_box(key, row).area(dx, dy)
    for table in (BOXES, TOTAL_BOXES, DIAGNOSIS_BOXES):
        if key in table:
            return table[key].area(dx, dy)
    raise KeyError(key)


def _placed(box: Box, text: str, dx: float, dy: float) -> dict[str, Any]:
    x0, _, x1, bottom = box.area(dx, dy)
    return {
        "text": text,
        "left": round(x0, 2),
        "top": round(bottom - POINTS_PER_LINE + 1.5, 2),
        "width": round(x1 - x0, 2),
        "align": box.align,
    }


def _page_fields(claim: Claim, page: ClaimPage, dx: float, dy: float) -> list[dict[str, Any]]:
    fields = [_placed(BOXES[k], v, dx, dy) for k, v in claim.boxes.items() if v and k in BOXES]
    fields += [
        _placed(DIAGNOSIS_BOXES["ABCDEFGHIJKL"[i]], code, dx, dy)
        for i, code in enumerate(claim.diagnoses)
    ]
    for row, line in enumerate(page.lines, start=1):
        values = {
            "24A_from": line.from_date,
            "24A_to": line.to_date,
            "24B": line.place,
            "24D": line.cpt,
            "24D_mod": " ".join(line.modifiers),
            "24E": line.pointers,
            "24F_dollars": line.dollars,
            "24F_cents": line.cents,
            "24G": line.units,
            "24J": line.rendering_npi,
        }
        fields += [_placed(service_box(k, row), v, dx, dy) for k, v in values.items() if v]
    total, paid = page.total, page.paid
    totals = {
        "28_dollars": total[0],
        "28_cents": total[1],
        "29_dollars": paid[0],
        "29_cents": paid[1],
        "page": f"{page.number} OF {page.of}",
    }
    fields += [_placed(TOTAL_BOXES[k], v, dx, dy) for k, v in totals.items()]
    return fields


def _rules() -> list[dict[str, Any]]:
    """The form's printed boxes with their labels (the complete rendering only)."""
    drawn = []
    boxes = [*BOXES.values(), *TOTAL_BOXES.values(), *DIAGNOSIS_BOXES.values()]
    boxes += [service_box(k, row) for k in SERVICE_COLUMNS for row in range(1, 7)]
    for box in boxes:
        if not box.label and box.height == 1:
            continue
        x0, top, x1, bottom = box.area()
        drawn.append(
            {"left": x0, "top": top, "width": x1 - x0, "height": bottom - top,
             "label": box.label if box.line >= 2 and (box.line < 46 or box.line >= 59) else ""}
        )  # fmt: skip
    return drawn


def render_claim_html(
    claim: Claim, rendering: str, offset_x: int = 0, offset_y: int = 0, created: str = ""
) -> str:
    """``rendering`` is ``form`` (complete form image) or ``data`` (pre-printed red forms,
    offsets in points applied)."""
    if rendering not in ("form", "data"):
        raise ValueError(rendering)
    if abs(offset_x) > MAX_OFFSET_POINTS or abs(offset_y) > MAX_OFFSET_POINTS:
        raise ValueError("an offset is at most an inch")
    dx, dy = (offset_x, offset_y) if rendering == "data" else (0, 0)
    pages = [_page_fields(claim, page, dx, dy) for page in claim.pages]
    return render_template(
        "cms1500.html",
        rendering=rendering,
        pages=pages,
        rules=_rules() if rendering == "form" else [],
        created=created,
        header_line=5 * POINTS_PER_LINE,
        service_label_top=(FIRST_SERVICE_LINE - 3) * POINTS_PER_LINE,
        service_columns=[
            {"label": b.label, "left": (b.column - 1) * POINTS_PER_COLUMN}
            for b in SERVICE_COLUMNS.values()
            if b.label
        ],
    )

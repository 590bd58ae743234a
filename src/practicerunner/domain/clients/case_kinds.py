"""Case kinds: the kind decides a case's clinical and billing features (PRODUCT.md section 2)."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    INDIVIDUAL = "individual"
    COUPLE = "couple"
    FAMILY = "family"
    THERAPY_GROUP = "therapy_group"
    INDIVIDUAL_CONSULTATION = "individual_consultation"
    CONSULTATION_GROUP = "consultation_group"
    WORKSHOP_GROUP = "workshop_group"

    @property
    def is_psychotherapy(self) -> bool:
        return self in PSYCHOTHERAPY_KINDS

    @property
    def is_group(self) -> bool:
        return self in GROUP_KINDS

    @property
    def max_participants(self) -> int | None:
        return {
            CaseKind.INDIVIDUAL: 1,
            CaseKind.INDIVIDUAL_CONSULTATION: 1,
            CaseKind.COUPLE: 2,
        }.get(self)

    @property
    def label(self) -> str:
        """How the product names a case of this kind."""
        return KIND_LABELS[self]

    @property
    def features(self) -> frozenset[str]:
        return PSYCHOTHERAPY_FEATURES if self.is_psychotherapy else CONSULTATION_FEATURES


PSYCHOTHERAPY_KINDS = frozenset(
    {CaseKind.INDIVIDUAL, CaseKind.COUPLE, CaseKind.FAMILY, CaseKind.THERAPY_GROUP}
)


GROUP_KINDS = frozenset(
    {CaseKind.THERAPY_GROUP, CaseKind.CONSULTATION_GROUP, CaseKind.WORKSHOP_GROUP}
)


KIND_LABELS = {
    CaseKind.INDIVIDUAL: "client",
    CaseKind.COUPLE: "couple",
    CaseKind.FAMILY: "family",
    CaseKind.THERAPY_GROUP: "group",
    CaseKind.INDIVIDUAL_CONSULTATION: "consultation client",
    CaseKind.CONSULTATION_GROUP: "consultation group",
    CaseKind.WORKSHOP_GROUP: "workshop group",
}


# Consultation and workshop cases are not psychotherapy: invoices and receipts only, with
# consultation wording.
PSYCHOTHERAPY_FEATURES = frozenset(
    {
        "diagnoses",
        "treatment_plan",
        "mental_status_exam",
        "insurance_claims",
        "superbills",
        "invoices",
        "receipts",
    }
)


CONSULTATION_FEATURES = frozenset({"invoices", "receipts", "consultation_wording"})

"""Case kinds: the kind decides a case's clinical and billing features (PRODUCT.md section 2)."""

from __future__ import annotations

from enum import StrEnum

from practicerunner.domain.errors import InvalidValue


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
    def min_participants(self) -> int:
        return 2 if self == CaseKind.COUPLE else 1

    def participants_must_fit(self, count: int) -> None:
        """A case opens with the people its kind needs: one for an individual case, exactly
        two for a couple, at least one for families and groups."""
        low, high = self.min_participants, self.max_participants
        if count < low or (high is not None and count > high):
            need = (
                f"exactly {low}"
                if high == low
                else f"{low} or {high}"
                if high
                else f"at least {low}"
            )
            plural = "s" if (high or low) > 1 else ""
            raise InvalidValue(
                f"A {self.label} case opens with {need} participant{plural}.",
                field="participant_ids",
                reason="participants-for-kind",
            )

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

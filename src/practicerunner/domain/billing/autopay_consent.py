"""A payer's AutoPay consent in the portal: the wording they are shown and agree to (kept
word for word on ``PayerAccount.AutoPayConsented``), and the refusal when what they agreed
to is no longer what the practice shows."""

from __future__ import annotations

from practicerunner.domain.errors import Conflict


class AutoPayWordingChanged(Conflict):
    """The payer agreed to other words than the ones shown now: nothing is recorded, and
    they read the current wording before agreeing again."""

    code = "autopay-wording-changed"
    title = "The AutoPay terms have changed"


def autopay_wording(practice_name: str, notice: bool, notice_hours: int) -> str:
    """What a payer agrees to when they turn AutoPay on themselves."""
    told = (
        f"I will be told the amount and the date at least {notice_hours} hours before each "
        "charge, and I can see upcoming charges in the portal. "
        if notice
        else "I can see upcoming charges in the portal. "
    )
    return (
        f"I authorise {practice_name} to charge my saved card or bank account for each "
        "invoice billed to me, when it is due. "
        f"{told}"
        "I can turn AutoPay off in the portal at any time; charges already made stay made."
    )

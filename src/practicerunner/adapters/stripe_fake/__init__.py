"""A fake Stripe for tests and demos: the endpoints the gateway uses (form-encoded, with
Idempotency-Key replay), hosted setup and payment pages, armed failures, a ledger of charges
and a webhook sender that signs like Stripe. See docs/payments.md."""

from practicerunner.adapters.stripe_fake.payments import LedgerEntry, ledger
from practicerunner.adapters.stripe_fake.server import FakeStripeServer
from practicerunner.adapters.stripe_fake.state import FakeStripe
from practicerunner.adapters.stripe_fake.webhooks import Delivery, signature_header

__all__ = [
    "Delivery",
    "FakeStripe",
    "FakeStripeServer",
    "LedgerEntry",
    "ledger",
    "signature_header",
]

"""``practicerunner fake-stripe``: the fake Stripe server on its own, for demos."""

from __future__ import annotations

import contextlib
import threading
from typing import Annotated

import typer


def fake_stripe(
    host: str = "127.0.0.1",
    port: int = 12111,
    webhook_url: Annotated[
        str | None, typer.Option(help="Where to deliver the signed webhooks.")
    ] = None,
    webhook_secret: str = "whsec_fake",
    settle_after: Annotated[
        float | None, typer.Option(help="Settle bank debits after this many seconds.")
    ] = 10.0,
) -> None:
    """Run the fake Stripe server (API, hosted pages, signed webhooks) until Ctrl-C."""
    from practicerunner.adapters.stripe_fake.server import FakeStripeServer
    from practicerunner.adapters.stripe_fake.state import FakeStripe

    fake = FakeStripe(webhook_secret=webhook_secret, settle_after=settle_after)
    fake.webhooks.target = webhook_url
    with FakeStripeServer(fake, host=host, port=port) as server:
        print(f"fake Stripe at {server.url}")
        print(f"  PRACTICERUNNER_STRIPE_API_BASE={server.url}")
        print("  PRACTICERUNNER_STRIPE_SECRET_KEY=sk_test_fake")
        print(f"  PRACTICERUNNER_STRIPE_WEBHOOK_SECRET={webhook_secret}")
        print(f"  charges (and the bank's buttons): {server.url}/_fake/")
        print(f"  webhooks to {webhook_url or 'nowhere'}")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()

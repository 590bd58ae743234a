"""Which Stripe this installation talks to: the configured one, or (``serve`` without
``PRACTICERUNNER_STRIPE_SECRET_KEY``) the fake Stripe started in this process, so the demo
practice can take a test payment end to end."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from practicerunner.config import Settings

log = logging.getLogger(__name__)

FAKE_SECRET_KEY = "sk_test_fake"


def stripe_for_serving(
    settings: Settings, settle_after: float | None = 10.0
) -> tuple[Settings, Any]:
    """The settings to serve with, and the in-process fake server (None with real keys).
    The fake settles bank debits ``settle_after`` seconds after they start (None: never by
    itself; a test settles them)."""
    if settings.stripe_secret_key:
        return settings, None
    from practicerunner.adapters.stripe_fake import FakeStripe, FakeStripeServer
    from practicerunner.adapters.stripe_gateway import WEBHOOK_PATH

    fake = FakeStripe(webhook_secret="whsec_fake_demo", settle_after=settle_after)
    fake.webhooks.target = settings.public_base_url.rstrip("/") + WEBHOOK_PATH
    server = FakeStripeServer(fake).start()
    log.info("no Stripe keys: using the fake Stripe at %s", server.url)
    settings = dataclasses.replace(
        settings,
        stripe_api_base=server.url,
        stripe_secret_key=FAKE_SECRET_KEY,
        stripe_webhook_secret=server.secret,
    )
    return settings, server

"""Adapters to the outside world: SMTP, ICS, Stripe, PDF, import/export formats."""

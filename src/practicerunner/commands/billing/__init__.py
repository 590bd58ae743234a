"""The billing context's commands: settings, invoices, payments, credits and refunds."""

"""The billing context's model: billing settings and their overrides, invoices and their
per-practice numbering, payments, payer accounts (credit, AutoPay) and the one-line-per-
appointment guard."""

"""The billing context's read models: the ledger (per payer, case and person), invoices,
revenue and outstanding balances."""

"""The billing context's process managers: auto-invoicing, invoice delivery, AutoPay."""

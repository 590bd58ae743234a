"""The audit trail (every event with its actor) and the history auditors replay from the store."""

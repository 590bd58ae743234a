"""The write side: one module per area; each command is a pydantic model and a handler that
loads aggregates, calls intention-named domain methods and saves them in one write."""

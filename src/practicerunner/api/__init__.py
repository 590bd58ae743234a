"""The HTTP API: thin routers that parse, authorize, call a command or a query, and shape the
answer. Errors are RFC 9457 problem+json."""

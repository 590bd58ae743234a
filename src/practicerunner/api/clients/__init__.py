"""Routes of the clients context: people and cases, with case-level access and field redaction."""

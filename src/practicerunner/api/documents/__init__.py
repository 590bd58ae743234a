"""Routes of the documents context."""

"""Commands of the clients context: people, relationships and helpers, cases and their
participants."""

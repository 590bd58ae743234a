"""Process managers of the clinical context."""

"""Process managers of the documents context: rendering requested documents, and the monthly
superbills."""

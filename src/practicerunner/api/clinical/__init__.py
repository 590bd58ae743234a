"""Routes of the clinical context: notes, their review, clinical records, templates."""

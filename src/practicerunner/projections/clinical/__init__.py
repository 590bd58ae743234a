"""Read models of the clinical context: notes (content sealed, group sections per
participant), the review queue they imply, and therapy cases' clinical records."""

"""Commands of the clinical context: notes (start, autosave, sign, submit, co-sign, return,
addenda), who reviews them, note templates, and therapy cases' clinical records."""

"""Read models of the documents context: the documents of each case and what a document is
made from (read from the other contexts' read models)."""

"""The documents context: billing documents of a case (superbills, CMS-1500 claims, and the
invoice, receipt and statement PDFs once billing lands), the rules that decide what goes on
them, and the Document aggregate that records each rendering."""

"""Clinical records: notes written for a session or a case (with their templates, review and
addenda), the supervision rule that decides who co-signs, and a therapy case's diagnoses and
treatment plan. Pure domain: facts from other contexts (the case's kind, the author's role,
the supervisors set at each level) come in as plain values from the command layer."""

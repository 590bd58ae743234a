"""The automatic task sources the tasks context owns; each module is one source: its
``SOURCE``, the subject key of a cause, and a pure ``assess`` of the facts."""

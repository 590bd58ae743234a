"""Commands of the practice context: opening a practice, its identity and plan, staff, locations
and services."""

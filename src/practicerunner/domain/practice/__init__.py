"""The practice context's model: the practice (the tenant), its settings and plan, staff, locations
and services."""

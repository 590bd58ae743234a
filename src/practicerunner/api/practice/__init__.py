"""Routes of the practice context: the practice, staff, locations and services."""

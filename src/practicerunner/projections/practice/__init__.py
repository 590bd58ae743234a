"""Read models of the practice context: the practice directory, staff and providers, locations and
services."""

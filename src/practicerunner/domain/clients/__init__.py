"""The clients context's model: people and their lifecycle, relationships and helper roles, cases
and their kinds, the active-client roster."""

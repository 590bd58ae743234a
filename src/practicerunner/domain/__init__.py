"""The domain model: aggregates, their events, value objects and rules.

Pure Python: no I/O, no clock reads, no framework imports beyond ``eventsourcing.domain``.
"""

"""Read models of the scheduling context: the schedule, its queries, and the calendar feeds
composed from it."""

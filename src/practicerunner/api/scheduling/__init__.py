"""Routes of the scheduling context: the schedule and appointments, calendar feeds, the portal's
appointments."""

"""Process managers of the scheduling context: appointment reminders and moving series' horizons
forward."""

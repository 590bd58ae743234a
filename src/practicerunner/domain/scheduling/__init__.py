"""The scheduling context's model: appointments, the booking-day guards, recurring series and their
rules, calendar feeds."""

"""Commands of the scheduling context: booking, changing and completing appointments, series,
calendar feeds."""

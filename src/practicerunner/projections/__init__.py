"""Read models: each projection consumes event notifications in batches and writes only its own
tables, recording its position per upstream context in the same transaction."""

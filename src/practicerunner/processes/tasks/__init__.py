"""Process managers of the tasks context: the automatic task sources, plugged in."""

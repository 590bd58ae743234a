"""``python -m practicerunner.cli``."""

from practicerunner.cli import app

app()

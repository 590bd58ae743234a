"""PracticeRunner: event-sourced practice management."""

__version__ = "0.1.0"

"""What every command of the command line shares: the console and building the runtime."""

from __future__ import annotations

import logging

from rich.console import Console

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings

console = Console()


def make_runtime() -> Runtime:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return Runtime(Settings.from_env())

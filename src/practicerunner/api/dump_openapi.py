"""Writes the service's OpenAPI document, from which the web app's client types are generated.

    python -m practicerunner.api.dump_openapi web/openapi.json

The document comes from the real application (a throwaway SQLite store in a temporary folder),
so the committed copy is exactly what the service answers at ``/openapi.json``; ``make test``
fails when the two differ.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings


def openapi_document() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(
            {
                "PRACTICERUNNER_DATA_DIR": tmp,
                "PRACTICERUNNER_DATABASE_URL": f"sqlite://{tmp}/store",
                "PRACTICERUNNER_SECRET_KEY": "openapi-dump",
            }
        )
        runtime = Runtime(settings)
        try:
            document = create_app(runtime).openapi()
        finally:
            runtime.close()
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = openapi_document()
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

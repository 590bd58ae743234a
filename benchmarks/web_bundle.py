"""web_bundle: what the staff app and the portal make a browser download before their first
screen, gzipped, against the budgets (300 KB staff, 150 KB portal).

Read from the Vite build's manifest (web/dist/.vite/manifest.json): the page, its entry
chunk, every chunk it imports statically, the first screen's lazily loaded route chunks with
their static imports, and the CSS of all of them. ``ratio`` is size / budget: at most 1.0
fits.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.results import Result

DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
KB = 1000
APPS: dict[str, dict[str, Any]] = {
    # A signed-out visitor sees sign-in; a signed-in one, today's schedule: count both.
    "staff": {
        "page": "index.html",
        "screens": ["src/app/staff/routes/sign-in.tsx", "src/app/staff/routes/today.tsx"],
        "budget": 300 * KB,
    },
    "portal": {
        "page": "portal.html",
        "screens": ["src/app/portal/routes/home.tsx"],
        "budget": 150 * KB,
    },
}


def first_screen_files(manifest: dict[str, Any], page: str, screens: list[str]) -> set[str]:
    files: set[str] = set()

    def visit(key: str) -> None:
        chunk = manifest[key]
        if chunk["file"] in files:
            return
        files.add(chunk["file"])
        files.update(chunk.get("css", []))
        for imported in chunk.get("imports", []):
            visit(imported)

    visit(page)
    for screen in screens:
        visit(screen)
    return files


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def measure(dist: Path = DIST) -> list[Result]:
    manifest = json.loads((dist / ".vite" / "manifest.json").read_text())
    results = []
    for app, spec in APPS.items():
        files = first_screen_files(manifest, spec["page"], spec["screens"])
        size = gzipped_size(dist / spec["page"]) + sum(gzipped_size(dist / f) for f in files)
        results.append(
            Result(
                name="web_bundle",
                value=size,
                unit="bytes gzipped",
                baseline="budget",
                baseline_value=spec["budget"],
                params={"app": app, "files": len(files) + 1, "fits": size <= spec["budget"]},
            )
        )
    return results


def run(say: Callable[[str], None]) -> list[Result]:
    if not (DIST / ".vite" / "manifest.json").exists():
        raise RuntimeError("web/dist is not built: run `make web` first")
    results = measure()
    for r in results:
        say(f"web_bundle[{r.params['app']}]: {r.value / KB:.1f} KB of {r.baseline_value / KB:.0f}")
    return results

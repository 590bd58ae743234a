"""Runs the benchmarks and writes var/bench/results.json (``make bench``).

    python -m benchmarks [--backends sqlite,postgres] [--events N] [--quick] [--output PATH]
                         [--only rebuild,command,http_command,schedule,attention_query,web_bundle,
                                 ledger_rebuild,invoice_run]

Every benchmark runs on a fresh store per backend (a temporary data directory, or a new
PostgreSQL database that is dropped afterwards), configured only through ``Settings``.
PostgreSQL is included by default when ``PRACTICERUNNER_BENCH_POSTGRES_URL`` (or
postgresql://postgres@127.0.0.1:5432/test) answers.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from benchmarks import (
    attention,
    billing,
    command,
    http_command,
    rebuild,
    schedule,
    superbill,
    web_bundle,
)
from benchmarks.backends import (
    BACKENDS,
    default_backends,
    fresh_settings,
    postgres_reachable,
    postgres_url,
)
from benchmarks.results import Result, print_table, write_results
from practicerunner.config import Settings

BENCHMARKS = (
    "rebuild",
    "command",
    "http_command",
    "schedule",
    "attention_query",
    "superbill_render",
    "web_bundle",
    "ledger_rebuild",
    "invoice_run",
)
STORELESS = ("web_bundle",)  # measured once, not per backend
GOALS = {
    "rebuild": 0.5,
    "command": 0.7,
    "http_command": 0.5,
    "ledger_rebuild": 0.5,
    "invoice_run": 0.5,
}
# Latency ratios (ours / a bare indexed select) that must stay at or under their ceiling.
CEILINGS = {"attention_query_p99": 3.0}
DEFAULT_OUTPUT = Path("var/bench/results.json")
Say = Callable[[str], None]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="PracticeRunner benchmarks"
    )
    parser.add_argument(
        "--backends",
        help="comma-separated: sqlite,postgres (default: both if PostgreSQL answers)",
    )
    parser.add_argument(
        "--events",
        type=int,
        help="events in the log for rebuild (default 200000; 2000 with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="results file")
    parser.add_argument(
        "--only", help=f"comma-separated subset of {','.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument(
        "--commands", type=int, help="commands per measured run (default 2000; 100 with --quick)"
    )
    parser.add_argument(
        "--requests", type=int, help="HTTP requests per measured run (default 3000; 100 quick)"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        help="time limit of one measured run (default 10; 3 with --quick)",
    )
    parser.add_argument("--workers", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument(
        "--schedule-sizes",
        default="10000,1000000",
        help="store sizes (events) for schedule_week latency, small then large",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="alternating measured rounds of command and http_command (default 2; 1 quick)",
    )
    args = parser.parse_args(argv)
    if args.events is None:
        args.events = 2_000 if args.quick else 200_000
    if args.commands is None:
        args.commands = 100 if args.quick else 2_000
    if args.requests is None:
        args.requests = 100 if args.quick else 3_000
    if args.rounds is None:
        args.rounds = 1 if args.quick else 2
    if args.seconds is None:
        args.seconds = 3.0 if args.quick else 10.0
    args.only = _names(args.only, BENCHMARKS, "benchmark") if args.only else list(BENCHMARKS)
    if args.backends:
        args.backends = _names(args.backends, BACKENDS, "backend")
        if "postgres" in args.backends and not postgres_reachable(postgres_url()):
            parser.error(f"PostgreSQL does not answer at {postgres_url()}")
    else:
        args.backends = default_backends()
    return args


def _names(value: str, known: tuple[str, ...], what: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown {what} {unknown[0]!r}; known: {', '.join(known)}")
    return names


def run_one(
    name: str, backend: str, settings: Settings, args: argparse.Namespace, say: Say
) -> list[Result]:
    if name == "rebuild":
        return rebuild.run(backend, settings, args.events, say)
    if name == "command":
        return command.run(backend, settings, args.commands, args.seconds, say, args.rounds)
    if name == "ledger_rebuild":
        return billing.ledger_rebuild_benchmark(backend, settings, args.quick, say)
    if name == "invoice_run":
        return billing.invoice_run_benchmark(backend, settings, args.quick, say)
    if name == "superbill_render":
        return superbill.run(backend, settings, args.quick)
    if name == "attention_query":
        found = attention.run(backend, settings, args.quick)
        keys = ("name", "value", "unit", "baseline", "baseline_value", "params")
        return [Result(**{k: d[k] for k in keys}) for d in found]
    if name == "schedule":
        sizes = [int(n) for n in args.schedule_sizes.split(",")]
        found = schedule.run(lambda: fresh_settings(backend), args.quick, sizes=sizes)
        keys = ("name", "value", "unit", "baseline", "baseline_value", "params")
        return [Result(**{k: d[k] for k in keys}) for d in found]
    return http_command.run(
        backend, settings, args.requests, args.seconds, args.workers, say, args.rounds
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 100))

    def say(message: str) -> None:
        console.print(f"{time.strftime('%H:%M:%S')} {message}", markup=False, highlight=False)

    say(f"backends: {', '.join(args.backends)}; benchmarks: {', '.join(args.only)}")
    started = time.monotonic()
    results: list[Result] = []
    failed = []
    if "web_bundle" in args.only:
        try:
            results.extend(web_bundle.run(say))
        except Exception:
            failed.append("web_bundle")
            console.print("[red]web_bundle failed[/]")
            traceback.print_exc()
    for backend in args.backends:
        for name in (n for n in args.only if n not in STORELESS):
            try:
                with fresh_settings(backend) as settings:
                    results.extend(run_one(name, backend, settings, args, say))
            except Exception:
                failed.append(f"{name}[{backend}]")
                console.print(f"[red]{name}[{backend}] failed[/]")
                traceback.print_exc()
    write_results(results, args.output)
    print_table(results, console, GOALS, CEILINGS)
    say(f"wrote {args.output} in {time.monotonic() - started:.0f} s")
    if failed:
        console.print(f"[red]failed: {', '.join(failed)}[/]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

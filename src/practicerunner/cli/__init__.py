"""The ``practicerunner`` command line: serve, worker, projections, history (``history.py``),
demo, init."""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from practicerunner.adapters.stripe_fake.command import fake_stripe
from practicerunner.bootstrap.payments import stripe_for_serving
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.cli.common import console
from practicerunner.cli.history import history
from practicerunner.config import Settings
from practicerunner.domain.errors import DomainError
from practicerunner.domain.practice.roles import Plan

app = typer.Typer(help="PracticeRunner: practice management you own.", no_args_is_help=True)
projections_app = typer.Typer(help="Read models: status, rebuild, run.", no_args_is_help=True)
app.add_typer(projections_app, name="projections")
app.command("fake-stripe")(fake_stripe)
app.command()(history)


def _runtime(fake_stripe_without_keys: bool = False) -> Runtime:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    if fake_stripe_without_keys:
        settings = stripe_for_serving(settings)[0]
    return Runtime(settings)


def _token_file(rt: Runtime, token: str) -> str:
    path = rt.settings.data_dir / "demo-token.txt"
    path.write_text(token + "\n")
    path.chmod(0o600)
    return str(path)


def _print_join_link(url: str | None) -> None:
    if url is None:
        console.print("The owner has joined: they sign in with their passkey.")
        return
    console.print("The owner's one-time link to register a passkey (7 days; also emailed):")
    print(url)  # plain print: a terminal-wide URL must not be wrapped


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    background: Annotated[
        bool,
        typer.Option(
            help="Run projections, due-work dispatch and (memory://) the worker in this process."
        ),
    ] = True,
    demo: Annotated[bool, typer.Option(help="Load demo data when the store is empty.")] = True,
) -> None:
    """Serve the API (OpenAPI at /docs)."""
    import uvicorn

    from practicerunner.api.app import create_app
    from practicerunner.demo import load_demo

    rt = _runtime(fake_stripe_without_keys=True)
    if demo and not any(rt.stores.head_positions().values()):
        boot = load_demo(rt)
        console.print(
            f"[green]Demo practice loaded.[/] Owner token saved to {_token_file(rt, boot.token)}"
        )
        console.print(
            f"  curl -H 'Authorization: Bearer {boot.token}' http://{host}:{port}/practice"
        )
        _print_join_link(boot.join_url)
    try:
        uvicorn.run(
            create_app(rt, background=background),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            # What a production deployment runs: uvloop's event loop and the httptools parser
            # (pinned dependencies). One process per ``serve``: run more of them (with
            # --no-background, and ``projections run`` and ``worker`` on their own) to scale out.
            loop="uvloop",
            http="httptools",
        )
    finally:
        rt.close()


@app.command()
def worker(
    projections: Annotated[bool, typer.Option(help="Also run the projections here.")] = False,
    threads: int = 4,
) -> None:
    """Run the job worker and the due-work dispatcher (Redis or RabbitMQ broker)."""
    rt = _runtime()
    rt.start_background(projections=projections, dispatcher=True, worker=True)
    rt.jobs.stop_worker()
    rt.jobs.start_worker(threads)
    console.print(f"worker running on {rt.settings.broker_url.split('@')[-1]}; Ctrl-C stops it")
    _wait_for_signal()
    rt.close()


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set():
        stop.wait(1)


@projections_app.command("status")
def projections_status() -> None:
    """Each projection's position and lag per upstream context."""
    rt = _runtime()
    table = Table("projection", "version", "generation", "position", "head", "lag", "state")
    for s in rt.engine.status():
        state = "stale: rebuild" if s.stale else "current"
        if s.building_generation:
            state = f"building g{s.building_generation}"
        for upstream, head in s.heads.items():
            position = s.positions.get(upstream, 0)
            table.add_row(
                s.name,
                str(s.version),
                str(s.active_generation),
                f"{upstream}:{position}",
                str(head),
                str(max(0, head - position)),
                state,
            )
    console.print(table)
    rt.close()


@projections_app.command("rebuild")
def projections_rebuild(name: Annotated[str | None, typer.Argument()] = None) -> None:
    """Rebuild one projection (or all) into fresh tables and swap them in."""
    rt = _runtime()
    names = (
        [name]
        if name
        else [n for n, p in rt.engine.projections.items() if getattr(p, "rebuildable", True)]
    )
    unknown = [n for n in names if n not in rt.engine.projections]
    if unknown:
        console.print(
            f"[red]Unknown projection {unknown[0]}.[/] Known: {', '.join(rt.engine.projections)}"
        )
        raise typer.Exit(2)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} events/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task(
            ", ".join(names) if name else "all projections", total=None, rate="-"
        )
        started = time.monotonic()

        def report(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            progress.update(task, completed=done, total=total, rate=f"{rate:,.0f}")

        rt.engine.rebuild_together(names, report)
        progress.update(task, completed=progress.tasks[task].total or 0)
    rt.close()


@projections_app.command("run")
def projections_run() -> None:
    """Run the projections as their own process (PostgreSQL deployments)."""
    rt = _runtime()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    rt.engine.run_forever(stop)
    rt.close()


@app.command()
def demo() -> None:
    """Load the demo practice (or issue a new owner token for it); print the owner's one-time
    join link (while they have not joined) and the token."""
    from practicerunner.demo import load_demo

    rt = _runtime()
    boot = load_demo(rt)
    what = "created" if boot.created else "already present"
    console.print(f"Demo practice {what}.")
    _print_join_link(boot.join_url)
    console.print(f"Owner API token (also in {_token_file(rt, boot.token)}):")
    print(boot.token)
    rt.close()


@app.command()
def init(
    name: Annotated[str, typer.Option(prompt=True)],
    slug: Annotated[str, typer.Option(prompt=True)],
    owner_email: Annotated[str, typer.Option(prompt=True)],
    owner_given_name: Annotated[str, typer.Option(prompt=True)],
    owner_family_name: Annotated[str, typer.Option(prompt=True)],
    timezone: str = "America/New_York",
    plan: Plan = Plan.STARTER,
) -> None:
    """Open a practice with its owner; print the owner's one-time join link (to register a
    passkey) and bearer token."""
    from pydantic import ValidationError

    from practicerunner.commands.practice.practice import OpenPractice
    from practicerunner.demo import issue_token, open_with_owner, owner_join_link

    rt = _runtime()
    try:
        cmd = OpenPractice(
            name=name,
            slug=slug,
            timezone=timezone,
            plan=plan,
            owner_email=owner_email,
            owner_given_name=owner_given_name,
            owner_family_name=owner_family_name,
        )
        practice_id, owner_id = open_with_owner(rt, cmd)
        token = issue_token(rt, practice_id, owner_id, "init")
        join_url = owner_join_link(rt, practice_id, owner_id)
        rt.run_until_idle()
    except (DomainError, ValidationError) as e:
        console.print(f"[red]{getattr(e, 'detail', e)}[/]")
        rt.close()
        raise typer.Exit(1) from None
    console.print(f"Practice {slug} opened ({practice_id}).")
    _print_join_link(join_url)
    console.print("Owner API token:")
    print(token)
    rt.close()

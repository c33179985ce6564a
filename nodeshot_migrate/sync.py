"""Periodic sync and `forget`: the re-run side of the tool (issue 4)."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from .apply import ApplyResult, apply
from .dbt import SESSION_OPTIONS, exclusive_run, run_dbt
from .errors import EXIT_DRY_RUN, EXIT_OK, EXIT_USAGE, MigrateError
from .urls import TargetDatabase


def forget(target: TargetDatabase, run_id: int, *, dry_run: bool = False, echo: Callable[[str], None] = print) -> int:
    """Remove every row run `run_id` created (ledger), in one transaction."""
    with psycopg.connect(target.url, options=SESSION_OPTIONS) as conn:
        row = conn.execute(
            "select outcome from migration.runs where run_id = %s", (run_id,)
        ).fetchone() if _has_ledger(conn) else None
    if row is None:
        raise MigrateError(f"run {run_id} is not in migration.runs of {target.display}", EXIT_USAGE)
    with exclusive_run(target, wait=False):
        return _forget(target, run_id, dry_run=dry_run, echo=echo)


def _forget(target: TargetDatabase, run_id: int, *, dry_run: bool, echo: Callable[[str], None]) -> int:
    run_dbt(
        ["compile", "--select", "path:analyses/forget"],
        target,
        {"forget_run_id": run_id},
        echo=echo,
        quiet=True,
        what="compiling the forget SQL",
    )

    def decide(result: ApplyResult) -> bool:
        for table, _inserted, updated, deleted in result.counts:
            if deleted:
                echo(f"  {table:<36}{deleted:>10} deleted")
            if updated:  # rows of the site that keep their row, with no user (SET_NULL)
                echo(f"  {table:<36}{updated:>10} kept, their user set to NULL")
        for note in result.server_notes:
            echo(f"  note: {note}")
        if dry_run:
            echo("dry run: rolled back")
        return not dry_run

    result = apply(target, decide=decide, echo=echo, folder="forget")
    echo(f"forget: run {run_id} {'removed' if result.committed else 'unchanged'}")
    return EXIT_OK if result.committed else EXIT_DRY_RUN


def _has_ledger(conn: psycopg.Connection) -> bool:
    return conn.execute("select to_regclass('migration.runs') is not null").fetchone()[0]

"""Execute the compiled apply SQL in ONE transaction and report.

The SQL itself lives in the dbt project (analyses/apply, macros/apply.sql):
dbt compiles it, this module only runs the compiled files in order on one
connection, prints what they did, and then commits or rolls back.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors

from . import PROJECT_DIR
from .dbt import SESSION_OPTIONS, target_path
from .errors import EXIT_APPLY_FAILED, EXIT_LOCKED, EXIT_VERIFY_FAILED, MigrateError
from .urls import TargetDatabase

# The last apply step: the proof of the target before COMMIT (issue 17). It
# writes nothing; migrate reports it as a stage of its own (`verify: ...`).
VERIFY_STEP = "950_verify"


@dataclass
class ApplyResult:
    """What one apply did, read inside its transaction before COMMIT."""

    committed: bool
    counts: list[tuple[str, int, int, int]] = field(default_factory=list)
    reconciliation: list[tuple] = field(default_factory=list)
    rejects_by_rule: list[tuple[str, str, int]] = field(default_factory=list)
    notices_by_rule: list[tuple[str, str, int]] = field(default_factory=list)
    server_notes: list[str] = field(default_factory=list)  # RAISE NOTICE of the apply SQL
    step_seconds: dict[str, float] = field(default_factory=dict)  # per compiled step

    @property
    def changed_rows(self) -> int:
        return sum(inserted + updated + deleted for _table, inserted, updated, deleted in self.counts)


def compiled_files(target: TargetDatabase, folder: str = "apply", *, target_dir: Path | None = None) -> list[Path]:
    """The compiled SQL files of analyses/<folder> for this target (in
    target_dir, by default dbt.target_path), in name order.

    Only those whose source is in the project now: dbt never removes a
    compiled file, so a step renamed or removed in a later version would
    otherwise still run from an old compile."""
    directory = (target_dir or target_path(target)) / "compiled" / "nodeshot_migrate" / "analyses" / folder
    steps = {source.name for source in (PROJECT_DIR / "analyses" / folder).glob("*.sql")}
    files = sorted(path for path in directory.glob("*.sql") if path.name in steps)
    if not files:
        raise MigrateError(f"no compiled SQL in {directory}: did `dbt compile` run?", EXIT_APPLY_FAILED)
    return files


def apply(
    target: TargetDatabase,
    *,
    decide: Callable[[ApplyResult], bool],
    echo: Callable[[str], None] = print,
    fail_after: str | None = None,
    folder: str = "apply",
    before_commit: Callable[[psycopg.Connection], None] | None = None,
    gate: Callable[[], None] | None = None,
) -> ApplyResult:
    """Run every compiled apply file in one transaction.

    `decide` sees the counts before COMMIT and returns True to commit,
    False to roll back (dry run, or "no" at the prompt). `fail_after` (for
    tests) raises after the named file ran, to prove a failure midway
    leaves the target unchanged. `before_commit` runs in the transaction,
    after every write, when the run commits (it records the input digest).
    `gate` runs after every step, before anything is decided: it waits for
    the data tests that ran beside the apply and raises if one failed (the
    transaction then rolls back). It also runs when a step failed, since a
    failing test explains a failing statement better than the statement.
    """
    result = ApplyResult(committed=False)
    try:
        with psycopg.connect(target.url, autocommit=False, options=SESSION_OPTIONS) as conn:
            conn.execute("set application_name = 'nodeshot-migrate apply'")
            conn.add_notice_handler(
                lambda diag: result.server_notes.append(diag.message_primary or "")
                if diag.severity_nonlocalized == "NOTICE"
                else None
            )
            for path in compiled_files(target, folder):
                echo(f"apply: {path.stem}")
                started = time.monotonic()
                conn.execute(path.read_text())
                result.step_seconds[path.stem] = time.monotonic() - started
                if fail_after and path.stem == fail_after:
                    raise MigrateError(f"forced failure after {path.stem} (test hook)", EXIT_APPLY_FAILED)
            if gate is not None:
                gate()
            if folder == "apply":
                check_verification(conn)
                if VERIFY_STEP in result.step_seconds:
                    echo(
                        "verify: every row the run meant to write is in the target with its values, and the"
                        f" run's counts and ledger agree ({VERIFY_STEP}, {result.step_seconds[VERIFY_STEP]:.1f}s,"
                        " before COMMIT)"
                    )
            result.counts = [
                tuple(row)
                for row in conn.execute(
                    "select table_name, inserted, updated, deleted from apply_counts_per_table order by first_row"
                )
            ]
            if folder != "apply":
                result.committed = decide(result)
                if result.committed:
                    conn.commit()
                else:
                    conn.rollback()
                return result
            result.reconciliation = [
                tuple(row)
                for row in conn.execute(
                    "select entity, legacy_rows, migrated, merged, rejected, not_migrated"
                    " from snap_reconciliation order by entity_order"
                )
            ]
            result.rejects_by_rule = [
                tuple(row)
                for row in conn.execute(
                    "select entity, rule, count(*) from snap_rejects group by entity, rule order by entity, rule"
                )
            ]
            result.notices_by_rule = [
                tuple(row)
                for row in conn.execute(
                    "select entity, rule, count(*) from migration.notices group by entity, rule order by entity, rule"
                )
            ]
            if decide(result):
                if before_commit is not None:
                    before_commit(conn)
                conn.commit()
                result.committed = True
            else:
                conn.rollback()
    except pg_errors.LockNotAvailable as exc:
        raise MigrateError(
            f"{exc.diag.message_primary}: wait for the other run to finish (or check pg_locks)", EXIT_LOCKED
        ) from exc
    except psycopg.Error as exc:
        message = exc.diag.message_primary or str(exc)
        detail = f" ({exc.diag.message_detail})" if exc.diag.message_detail else ""
        if gate is not None:  # the transaction is over: no test can be waiting for its locks
            try:
                gate()
            except MigrateError as failed_test:
                raise MigrateError(
                    f"{failed_test.message}\n(the apply stopped too: {message}{detail})", failed_test.exit_code
                ) from exc
        raise MigrateError(
            f"apply failed and was rolled back, nothing was written: {message}{detail}", EXIT_APPLY_FAILED
        ) from exc
    return result


VERIFY_SHOWN = 20


def check_verification(conn: psycopg.Connection) -> None:
    """Raise (the transaction then rolls back) when step 950, the proof of the
    target, found a difference; the message lists the first ones."""
    rows = conn.execute(
        "select entity, row_id, problem, count(*) over () from apply_differences"
        " order by entity, row_id nulls first limit %s",
        (VERIFY_SHOWN,),
    ).fetchall()
    if not rows:
        return
    total = rows[0][3]
    lines = [f"  {entity} {'' if row_id is None else row_id}: {problem}" for entity, row_id, problem, _ in rows]
    more = f"\n  ... and {total - len(rows)} more" if total > len(rows) else ""
    raise MigrateError(
        f"the target does not match what the run wrote ({total} differences, by table and id); rolled back,"
        " nothing was written:\n" + "\n".join(lines) + more,
        EXIT_VERIFY_FAILED,
    )


def ask_yes_no(question: str) -> bool:
    """The reference's final question (B.13), asked only on a terminal."""
    while True:
        sys.stdout.write(f"{question} [y/N] ")
        sys.stdout.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("", "n", "no"):
            return False

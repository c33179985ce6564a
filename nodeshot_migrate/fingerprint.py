"""Skip a sync whose inputs have not changed.

A run reads three things: the legacy rows (legacy_raw, just loaded), the
target's application tables and the ownership ledger, and the project
itself with the run's options. When all three are exactly what the last
committed run read and left behind, building and applying again can only
find "no changes", so `invoke sync` stops after the load and says so.

The digest is computed in the database (migration.input_fingerprint, a
function create_ledger() installs): per table a row count and
order-independent hashes of the rows' text; no row comes to Python. This
module only hashes the project's files and the options, and compares.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg

from . import PROJECT_DIR
from .dbt import SESSION_OPTIONS

# What decides the result besides the data: the models and their data
# tests (the gate), the macros, the seeds, the apply SQL, the project file,
# and this package (it runs the apply).
PROJECT_PARTS = (
    "models", "macros", "materializations", "seeds", "analyses", "tests/generic", "tests/marts", "tests/macros",
    "dbt_project.yml", "nodeshot_migrate",
)  # fmt: skip

def settings_digest(dbt_vars: dict[str, Any]) -> str:
    """Hash of the project's files and the run's options (dbt vars)."""
    digest = hashlib.sha256()
    for part in PROJECT_PARTS:
        path = PROJECT_DIR / part
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(PROJECT_DIR)).encode())
                digest.update(file.read_bytes())
    digest.update(json.dumps(dbt_vars, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def current(conn: psycopg.Connection, settings: str) -> str:
    """The digest of the inputs now (the function comes with the column last_run checks)."""
    return conn.execute("select migration.input_fingerprint(%s)", (settings,)).fetchone()[0]


def last_run(conn: psycopg.Connection) -> tuple[int, str | None] | None:
    """(run id, recorded digest) of the last committed run, or None."""
    has_column = conn.execute(
        "select 1 from information_schema.columns"
        " where table_schema = 'migration' and table_name = 'runs' and column_name = 'input_fingerprint'"
    ).fetchone()
    if not has_column:
        return None
    row = conn.execute("select run_id, input_fingerprint from migration.runs order by run_id desc limit 1").fetchone()
    return (row[0], row[1]) if row else None


def unchanged_since(conn: psycopg.Connection, settings: str) -> int | None:
    """The id of the last committed run when the inputs are exactly the ones it
    left behind, else None."""
    last = last_run(conn)
    if last is None or last[1] is None:
        return None
    return last[0] if current(conn, settings) == last[1] else None


def legacy_digest_in_background(url: str) -> Future[str]:
    """Start computing the legacy tables' part of the digest on a connection
    of its own (migration.legacy_digest(): every legacy row's text hashed,
    1.7 s at bench S2). Started when the build is over, it runs while dbt
    compiles the apply SQL, which keeps one core busy and leaves the other
    idle, instead of inside the apply's single-threaded transaction."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="legacy-digest")

    def compute() -> str:
        with psycopg.connect(url, autocommit=True, options=SESSION_OPTIONS) as conn:
            return conn.execute("select migration.legacy_digest()").fetchone()[0]

    future = pool.submit(compute)
    pool.shutdown(wait=False)
    return future


def record(conn: psycopg.Connection, settings: str, legacy: Future[str] | None = None) -> None:
    """Inside the apply's transaction, after its writes: store the digest of
    the inputs as this run leaves them on the run row it just inserted.
    `legacy`, when given, is the legacy part computed beforehand; if that
    computation failed, the digest is computed here whole."""
    legacy_part = None
    if legacy is not None:
        with contextlib.suppress(psycopg.Error):
            legacy_part = legacy.result()
    conn.execute(
        "update migration.runs set input_fingerprint = migration.input_fingerprint(%s, %s)"
        " where run_id = currval(pg_get_serial_sequence('migration.runs', 'run_id'))",
        (settings, legacy_part),
    )

"""Driver `--loader client`: the legacy engine's own client streams each
table straight into PostgreSQL's COPY, two tables at a time.

The exporters (export_mysql, export_sqlite) give the SQL and the client
process; this module moves 1 MiB buffers from the client's pipe to the
COPY stream (no row is parsed by Python) and checks that nothing is lost:
the row count of each table is read in the same legacy transaction (same
snapshot) as its rows and compared with the rows COPY stored; a
difference, an export error or a COPY error fails the load with
EXIT_LOAD_FAILED and the tool's own message. The legacy database is only
read, inside one read-only transaction per table.

The same copy fills the benchmark's floor tables (benchmark/), which is why
`copy_tables` takes a destination schema, and the tables holding dirty
text (dirty_text.py), in safe mode.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..errors import EXIT_LOAD_FAILED, MigrateError
from ..urls import LegacySource, TargetDatabase
from .exporters import legacy_client
from .landing import LANDING_SCHEMA, landing_columns, table_landed

CHUNK = 1 << 20

# Largest first, so that the two workers finish together.
LOAD_ORDER = (
    "nodeshot_interface",
    "nodeshot_link",
    "nodeshot_device",
    "nodeshot_node",
    "nodeshot_contact",
    "nodeshot_hna",
    "auth_user",
    "nodeshot_statistic",
)


@dataclass
class TableCopy:
    table: str
    legacy_rows: int
    copied_rows: int
    seconds: float


def copy_one(
    source, target: TargetDatabase, schema: str, table: str, columns: list[str], freeze: bool, *, safe: bool = False
) -> TableCopy:
    """One table: the client's export (count line, then rows) into COPY."""
    started = time.monotonic()
    proc = source.export(table, columns, safe)
    assert proc.stdout is not None and proc.stderr is not None
    stderr_chunks: list[bytes] = []
    drain = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    drain.start()
    copied = -1
    legacy_rows = -1
    error: str | None = None
    try:
        first = proc.stdout.readline()
        if first.strip().isdigit():
            legacy_rows = int(first.strip())
            options = [sql.SQL("format {}").format(sql.SQL(source.copy_format))]
            if freeze:
                options.append(sql.SQL("freeze true"))
            copy_sql = sql.SQL("copy {} ({}) from stdin ({})").format(
                sql.Identifier(schema, table),
                sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                sql.SQL(", ").join(options),
            )
            with psycopg.connect(target.url) as conn:
                conn.execute("set application_name = 'nodeshot-migrate fastload'")
                if freeze:
                    # FREEZE needs the table emptied in this transaction
                    conn.execute(sql.SQL("truncate {}").format(sql.Identifier(schema, table)))
                with conn.cursor() as cur:
                    with cur.copy(copy_sql) as copy:
                        while chunk := proc.stdout.read(CHUNK):
                            copy.write(chunk)
                    copied = cur.rowcount
        else:
            error = first.decode(errors="replace").strip() or "no row count from the legacy client"
    except psycopg.Error as exc:
        error = f"COPY into {schema}.{table} failed: {exc.diag.message_primary or exc}"
        proc.kill()
    finally:
        proc.stdout.close()
        code = proc.wait()
        drain.join(timeout=10)
    stderr = b"".join(stderr_chunks).decode(errors="replace").strip()
    if error is None and code != 0:
        error = f"the legacy client exited with {code}: {stderr[-2000:]}"
    if error is None and copied != legacy_rows:
        error = f"{legacy_rows} rows in the legacy table but {copied} copied"
    if error:
        raise MigrateError(
            f"load failed, nothing was migrated: {table}: {error}"
            + (f"\n{stderr[-2000:]}" if stderr and stderr not in error else ""),
            EXIT_LOAD_FAILED,
        )
    return TableCopy(table, legacy_rows, copied, time.monotonic() - started)


def in_parallel(
    copies: list[Callable[[], TableCopy]], workers: int, on_done: Callable[[TableCopy], None] | None = None
) -> list[TableCopy]:
    """Run the table copies `workers` at a time; every copy runs to its end,
    then the first failure (if any) is raised. `on_done` sees each copy that
    succeeded as it ends, in the calling thread."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(copy) for copy in copies]
        if on_done is not None:
            for future in as_completed(futures):
                if future.exception() is None:
                    on_done(future.result())
        results: list[TableCopy] = []
        failure: MigrateError | None = None
        for future in futures:
            try:
                results.append(future.result())
            except MigrateError as exc:
                failure = failure or exc
    if failure:
        raise failure
    return results


def landed(echo: Callable[[str], None]) -> Callable[[TableCopy], None]:
    """Echo one line per table as its copy ends: the table and its row count."""
    return lambda copy: echo(table_landed(copy.table, copy.copied_rows))


def copy_tables(
    legacy: LegacySource,
    target: TargetDatabase,
    schema: str,
    *,
    tables: tuple[str, ...] = LOAD_ORDER,
    workers: int = 2,
    freeze: bool = True,
    safe: bool = False,
    on_done: Callable[[TableCopy], None] | None = None,
) -> list[TableCopy]:
    """Copy `tables` of the legacy database into existing tables `schema.<table>` of the target.

    safe=True lands every value PostgreSQL text cannot hold (NUL bytes,
    invalid UTF-8) as landing.HEX_MARK + the hex of its bytes instead of
    failing the COPY (see dirty_text.py). `on_done` sees each table's copy
    as it ends (in the calling thread)."""
    columns = landing_columns(target, schema, tables)
    with legacy_client(legacy) as source:
        return in_parallel(
            [lambda t=t: copy_one(source, target, schema, t, columns[t], freeze, safe=safe) for t in tables],
            workers,
            on_done,
        )


def copy_clean(
    legacy: LegacySource, target: TargetDatabase, tables: tuple[str, ...], *, workers: int, echo: Callable[[str], None]
) -> dict[str, int]:
    """The driver's step of load.load_legacy: `tables` into legacy_raw; table -> rows copied."""
    echo(f"load: copying {legacy.display} into legacy_raw (client -> COPY, {workers} at a time) ...")
    copies = copy_tables(legacy, target, LANDING_SCHEMA, tables=tables, workers=workers, on_done=landed(echo))
    return {c.table: c.copied_rows for c in copies}

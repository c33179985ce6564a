"""Copy the legacy nodeshot 0.9 database into schema legacy_raw (pgloader).

The landing tables are created by us (sql/legacy_raw.sql: primary key typed,
everything else text) and pgloader runs in `data only, create no tables`
mode restricted to the eight legacy tables, so it can neither drop nor
create anything, nor round or reject a value on the way: typing and
validation happen in the dbt staging models. pgloader exits 0 even when rows
or whole tables failed, so its summary is read and any error fails the load
with pgloader's own message. A table holding a value PostgreSQL text cannot
store (NUL bytes, invalid UTF-8) skips pgloader: see dirty_text.py; so does
one whose landing table leaves legacy columns out (preflight.NOT_COPIED).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from . import SQL_DIR
from .errors import EXIT_LOAD_FAILED, EXIT_USAGE, MigrateError
from .preflight import LEGACY_TABLES, NOT_COPIED
from .procs import run, which
from .urls import LegacySource, TargetDatabase

# Everything lands as text (see sql/legacy_raw.sql). Without these rules
# pgloader would turn SQLite reals into float4 and MySQL datetimes into
# timestamptz of the session zone, and drop zero dates to NULL.
CASTS = {
    "sqlite": [
        "type real to text drop typemod",
        "type float to text drop typemod",
        "type double to text drop typemod",
        "type datetime to text drop typemod",
        "type date to text drop typemod",
        "type bool to text drop typemod",
        "type boolean to text drop typemod",
        "type integer to text drop typemod",
        "type varchar to text drop typemod",
        "type char to text drop typemod",
    ],
    "mysql": [
        "type datetime to text drop default drop not null drop typemod",
        "type date to text drop default drop not null drop typemod",
        "type timestamp to text drop default drop not null drop typemod",
        "type tinyint to text drop typemod",
        "type smallint to text drop typemod",
        "type int to text drop typemod",
        "type bigint to text drop typemod",
        "type double to text drop typemod",
        "type float to text drop typemod",
        "type char to text drop typemod",
        "type varchar to text drop typemod",
        "type longtext to text drop typemod",
        "type text to text drop typemod",
    ],
}


@dataclass
class LoadReport:
    source: str
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    peak_rss_kb: int = 0


def command_file(
    legacy: LegacySource,
    target: TargetDatabase,
    only: tuple[str, ...] = LEGACY_TABLES,
    *,
    sqlite_file: Path | None = None,
) -> str:
    """The pgloader command for this source and tables (credentials included).
    `sqlite_file`: the path pgloader reads the SQLite database at (its
    grammar has no quoting for a path with a quote or a space in it)."""
    tables = "|".join(only)
    casts = ",\n     ".join(CASTS[legacy.kind])
    source = f"sqlite://{sqlite_file}" if sqlite_file is not None else legacy.pgloader_url
    lines = [
        f"load database from {source} into {target.pgloader_url}",
        " with data only, create no tables, no truncate, disable triggers,",
        "      batch rows = 25000, prefetch rows = 25000, workers = 4, concurrency = 1",
        " set work_mem to '64MB', search_path to 'legacy_raw', statement_timeout to '0'",
        f" cast {casts}",
    ]
    if legacy.kind == "mysql":
        lines.append(f" including only table names matching ~/^({tables})$/")
        lines.append(f" alter schema '{legacy.database}' rename to 'legacy_raw'")
    else:
        lines.append(f" including only table names like {', '.join(repr(t) for t in only)}")
    return "\n".join(lines) + ";\n"


SUMMARY_ROW = re.compile(r"^\s*(?:legacy_raw\.|\S+\.)?(?P<table>[a-z_]+)\s+(?P<errors>\d+)\s+(?P<rows>\d+)\b")


def parse_summary(text: str) -> dict[str, tuple[int, int]]:
    """table -> (errors, rows) from pgloader's summary table."""
    found: dict[str, tuple[int, int]] = {}
    for line in text.splitlines():
        match = SUMMARY_ROW.match(line)
        if match and match.group("table") in LEGACY_TABLES:
            found[match.group("table")] = (int(match.group("errors")), int(match.group("rows")))
    return found


def create_landing_tables(target: TargetDatabase) -> None:
    """Empty landing tables for a load. When legacy_raw already has the shape
    sql/legacy_raw.sql gives it (its digest is in the schema's comment) the
    tables are truncated, so that the staging views and the marts and
    reports on top of them survive the load (a sync that finds its inputs
    unchanged stops before the build that would recreate them). Otherwise
    the schema is dropped with its dependants and created afresh."""
    ddl = (SQL_DIR / "legacy_raw.sql").read_text()
    marker = f"[ddl sha256 {hashlib.sha256(ddl.encode()).hexdigest()}]"
    with psycopg.connect(target.url) as conn:
        comment = conn.execute("select obj_description(to_regnamespace('legacy_raw'), 'pg_namespace')").fetchone()[0]
        present = {
            name
            for (name,) in conn.execute("select tablename from pg_tables where schemaname = 'legacy_raw'")
        }
        if comment and marker in comment and present >= set(LEGACY_TABLES):
            conn.execute(
                sql.SQL("truncate {}").format(
                    sql.SQL(", ").join(sql.Identifier("legacy_raw", table) for table in sorted(present))
                )
            )
            return
        conn.execute(ddl)
        comment = conn.execute("select obj_description('legacy_raw'::regnamespace, 'pg_namespace')").fetchone()[0]
        conn.execute(
            sql.SQL("comment on schema legacy_raw is {}").format(sql.Literal(f"{comment or ''} {marker}".strip()))
        )


def load(legacy: LegacySource, target: TargetDatabase, *, echo=print) -> LoadReport:
    """Copy the legacy tables into legacy_raw; raise MigrateError on any loss."""
    if legacy.kind not in CASTS:
        raise MigrateError(f"cannot load a {legacy.kind} legacy source with pgloader", EXIT_USAGE)
    legacy.check_readable()
    pgloader = which("pgloader", "apt-get install pgloader")
    started = time.monotonic()
    from .dirty_text import copy_dirty_tables, prepare_load

    dirty = prepare_load(legacy, target)
    # pgloader copies every column of a table; one with columns left behind
    # (preflight.NOT_COPIED: personal values nothing reads) goes through the
    # legacy client instead, which copies the landing table's columns only
    partial = tuple(t for t in NOT_COPIED if t in LEGACY_TABLES and t not in dirty)
    clean = tuple(t for t in LEGACY_TABLES if t not in dirty and t not in partial)
    # ... at the same time as pgloader, which leaves a core idle while it
    # waits on the legacy server: one after the other, the 200,000 nodes of
    # bench S2 added their 8-10 s to the load
    with ThreadPoolExecutor(max_workers=1) as beside:
        partial_copy = None
        if partial:
            from .fastload import copy_tables

            partial_copy = beside.submit(copy_tables, legacy, target, "legacy_raw", tables=partial, workers=1)
        if clean:
            run_pgloader(pgloader, legacy, target, clean, echo=echo)
        if partial_copy is not None:
            partial_copy.result()
    if dirty:
        copy_dirty_tables(legacy, target, dirty, echo=echo)
    report = LoadReport(source=legacy.display, seconds=time.monotonic() - started)
    with psycopg.connect(target.url) as conn:
        for table in LEGACY_TABLES:
            query = sql.SQL("select count(*) from {}").format(sql.Identifier("legacy_raw", table))
            count = conn.execute(query).fetchone()[0]
            report.rows[table] = int(count)
    return report


def run_pgloader(pgloader: str, legacy: LegacySource, target: TargetDatabase, tables: tuple[str, ...], *, echo) -> None:
    """pgloader `tables` into legacy_raw; any refused row or missing table fails the load."""
    with tempfile.TemporaryDirectory(prefix="nsm-pgloader-") as tmp:
        tmpdir = Path(tmp)
        tmpdir.chmod(0o700)
        script = tmpdir / "legacy.load"
        sqlite_file = None
        if legacy.kind == "sqlite":
            sqlite_file = tmpdir / "legacy.db"
            sqlite_file.symlink_to(Path(legacy.database).resolve())
        script.write_text(command_file(legacy, target, tables, sqlite_file=sqlite_file))
        summary = tmpdir / "summary.txt"
        logfile = tmpdir / "pgloader.log"
        echo(f"load: copying {legacy.display} into legacy_raw with pgloader ...")
        proc = run(
            [pgloader, "--no-ssl-cert-verification", "--root-dir", str(tmpdir), "--logfile", str(logfile),
             "--summary", str(summary), str(script)],
            what="pgloader",
            capture=True,
        )
        output = (proc.stdout or "") + (proc.stderr or "")
        summary_text = summary.read_text() if summary.exists() else output
        log_text = logfile.read_text(errors="replace") if logfile.exists() else output
    per_table = parse_summary(summary_text) or parse_summary(output)
    errors = {t: e for t, (e, _) in per_table.items() if e}
    missing = [t for t in tables if t not in per_table]
    if errors or missing:
        problems = []
        if errors:
            problems.append("rows refused: " + ", ".join(f"{t} {n}" for t, n in errors.items()))
        if missing:
            problems.append("tables not found in the legacy database: " + ", ".join(missing))
        messages = [ln for ln in log_text.splitlines() if " ERROR " in ln or " FATAL " in ln][:20]
        raise MigrateError(
            "load failed, nothing was migrated: "
            + "; ".join(problems)
            + ("\npgloader said:\n" + "\n".join(messages) if messages else ""),
            EXIT_LOAD_FAILED,
        )

"""Driver `--loader pgloader` (the default): pgloader copies the legacy tables into legacy_raw.

pgloader runs in `data only, create no tables` mode restricted to the
legacy tables, into the landing tables (landing.py), so it can neither drop
nor create anything, nor round or reject a value on the way. It exits 0
even when rows or whole tables failed, so its summary is read
(parse_summary) and any error fails the load with pgloader's own message.
A table whose landing table leaves legacy columns out
(preflight.NOT_COPIED) goes through the client driver instead, at the same
time as pgloader.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import EXIT_LOAD_FAILED, EXIT_USAGE, MigrateError
from ..preflight import LEGACY_TABLES, NOT_COPIED
from ..procs import run, which
from ..urls import LegacySource, TargetDatabase
from .client import copy_tables, landed
from .landing import LANDING_SCHEMA, count_rows, table_landed

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


def check_ready(legacy: LegacySource) -> str:
    """What must hold before pgloader runs: an engine it reads, a readable
    source and the pgloader program (returned)."""
    if legacy.kind not in CASTS:
        raise MigrateError(f"cannot load a {legacy.kind} legacy source with pgloader", EXIT_USAGE)
    legacy.check_readable()
    return which("pgloader", "apt-get install pgloader")


def copy_clean(
    legacy: LegacySource, target: TargetDatabase, tables: tuple[str, ...], *, workers: int, echo: Callable[[str], None]
) -> dict[str, int]:
    """The driver's step of load.load_legacy: `tables` into legacy_raw; table
    -> rows copied (pgloader's own counted in legacy_raw once it is done).
    One line per table as it lands: the client's as its copy ends, then
    pgloader's, whose rows are known only once it has finished."""
    pgloader = which("pgloader", "apt-get install pgloader")
    # pgloader copies every column of a table; one with columns left behind
    # (preflight.NOT_COPIED: personal values nothing reads) goes through the
    # legacy client instead, which copies the landing table's columns only
    partial = tuple(t for t in tables if t in NOT_COPIED)
    whole = tuple(t for t in tables if t not in partial)
    # ... at the same time as pgloader, which leaves a core idle while it
    # waits on the legacy server: one after the other, the 200,000 nodes of
    # bench S2 added their 8-10 s to the load. That thread echoes its
    # table's line as it lands; this one echoes nothing meanwhile (the echo
    # is not shared between threads).
    copied: dict[str, int] = {}
    if whole:
        echo(f"load: copying {legacy.display} into legacy_raw with pgloader ...")
    with ThreadPoolExecutor(max_workers=1) as beside:
        partial_copy = None
        if partial:
            partial_copy = beside.submit(
                copy_tables, legacy, target, LANDING_SCHEMA, tables=partial, workers=1, on_done=landed(echo)
            )
        if whole:
            run_pgloader(pgloader, legacy, target, whole)
        if partial_copy is not None:
            copied = {c.table: c.copied_rows for c in partial_copy.result()}
    if whole:
        counted = count_rows(target, whole)
        for table in whole:
            echo(table_landed(table, counted[table]))
        copied.update(counted)
    return copied


def run_pgloader(pgloader: str, legacy: LegacySource, target: TargetDatabase, tables: tuple[str, ...]) -> None:
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

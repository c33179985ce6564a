"""`invoke bench`: a full migration of a synthetic map, timed against the copy floor (issue 6).

Not part of the product package: it drives nodeshot_migrate from outside,
through migrate() and the loaders' public copy functions, and reads only
structured timings (memory.py, report.py).

One run of the benchmark:

1. starts the private PostgreSQL cluster (and MariaDB for `--source mariadb`),
   creates the legacy database and fills it INSIDE the database engine with
   sql/bench/generate_<engine>.sql at the chosen scale (no row goes through
   Python);
2. creates a nodeshot 1.x target (init-target + sql/bench/layers.sql: a few
   dozen many-vertex polygons over Italy and a Point default layer);
3. times the real pipeline, `migrate(MigrateOptions(..., assume_yes=True))`,
   stage by stage (MigrateOptions.stage_seconds and build_seconds, the
   apply's step_seconds, dbt's run_results.json), checks its exit code and
   `migration.reconciliation`, then times a second run with no legacy change
   (the periodic sync);
4. measures the FLOOR on the same data in a fresh target database: the
   fastest plain copy of the legacy tables (the client driver streaming
   into COPY, two tables at a time, into typed tables without keys) plus one
   plain INSERT ... SELECT per target table the migration wrote
   (sql/bench/floor.sql), and reports end-to-end / floor;
5. prints a table and the JSON (written to `json_out` too), including the
   peak memory of this Python process and of the children it started
   (sampled from /proc, memory.py), and the slowest dbt nodes.

It fails (MigrateError) when a run fails or does not reconcile; never on
timings. The databases it creates are named bench_<scale>_<source>[_floor].
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from nodeshot_migrate import LOCAL_DIR, SQL_DIR
from nodeshot_migrate.cluster import Cluster
from nodeshot_migrate.dbt import target_path
from nodeshot_migrate.errors import EXIT_ERROR, EXIT_USAGE, MigrateError
from nodeshot_migrate.legacy.client import LOAD_ORDER, copy_tables
from nodeshot_migrate.legacy.fdw import fdw_copy_tables
from nodeshot_migrate.mariadb import ADMIN as MARIADB_ADMIN
from nodeshot_migrate.mariadb import MariaDB
from nodeshot_migrate.migrate import MigrateOptions, init_target, migrate
from nodeshot_migrate.preflight import LEGACY_TABLES, legacy_query
from nodeshot_migrate.procs import run, which
from nodeshot_migrate.urls import LegacySource, TargetDatabase

from .memory import ChildSampler, children_peak_kb, python_peak_kb
from .report import dbt_nodes, format_table, phases

SCALES = {"S0": 1_000, "S1": 20_000, "S2": 200_000}
SOURCES = ("mariadb", "sqlite", "dump")
BENCH_DIR = LOCAL_DIR / "bench"
BENCH_SQL = SQL_DIR / "bench"
# The one-row parameter table the generators read (dropped by them).
BENCH_PARAMS = "create table bench_params (nodes {type} not null); insert into bench_params values ({nodes});"

# Targets of issue 6 (reported, never enforced).
TARGETS = {
    "S2 end-to-end / floor": "<= 2.0",
    "S2 sync / full run": "<= 0.25",
    "S2 verify / full run": "<= 0.05",
    "python peak RSS at S2": "<= 200 MB",
    "whole S1 benchmark": "< 60 s",
}

# -- legacy and target databases ----------------------------------------------


def generate_legacy(source: str, nodes: int, name: str) -> LegacySource:
    """Create the legacy database and generate the map in it (SQL only)."""
    if source == "mariadb":
        server = MariaDB().start()
        url = server.recreate_database(name)
        server.sql((SQL_DIR / "legacy" / "mysql.sql").read_text(), name)
        server.sql(BENCH_PARAMS.format(type="int", nodes=int(nodes)), name)
        server.sql((BENCH_SQL / "generate_mysql.sql").read_text(), name)
        return LegacySource.parse(url)
    path = BENCH_DIR / f"{name}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path, path.with_name(path.name + "-journal")):
        if leftover.exists():
            leftover.unlink()
    sqlite3 = which("sqlite3", "apt-get install sqlite3")
    schema = (SQL_DIR / "legacy" / "sqlite.sql").read_text()
    params = BENCH_PARAMS.format(type="integer", nodes=int(nodes)) + "\n"
    run([sqlite3, "-bail", str(path)], what="sqlite3 (legacy schema)", input_text=schema + params)
    run([sqlite3, "-bail", str(path)], what="sqlite3 < generate_sqlite.sql",
        input_text=(BENCH_SQL / "generate_sqlite.sql").read_text())
    return LegacySource.parse(f"sqlite://{path}")


def write_dump(legacy: LegacySource, path: Path) -> dict[str, Any]:
    """The generated MariaDB map as its operator would hand it over: a
    gzipped mysqldump (`--source dump`: the runs restore it)."""
    server = MariaDB()
    started = time.monotonic()
    with open(path, "wb") as out:
        dump = subprocess.Popen(
            [which("mariadb-dump", "apt-get install mariadb-client"), "--protocol=socket", "-S", str(server.socket),
             f"-u{MARIADB_ADMIN}", "--skip-dump-date", legacy.database],
            stdout=subprocess.PIPE,
        )
        gzip_proc = subprocess.Popen([which("gzip", "apt-get install gzip"), "-1"], stdin=dump.stdout, stdout=out)
        assert dump.stdout is not None  # noqa: S101 (Popen with stdout=PIPE)
        dump.stdout.close()
        if gzip_proc.wait() != 0 or dump.wait() != 0:
            raise MigrateError(f"bench: mariadb-dump of {legacy.database} failed", EXIT_ERROR)
    return {"file": str(path), "bytes": path.stat().st_size, "write_seconds": round(time.monotonic() - started, 3)}


def legacy_counts(legacy: LegacySource) -> dict[str, int]:
    # constant table names (preflight.LEGACY_TABLES), valid in MySQL and SQLite
    query = " union all ".join(f"select '{t}', count(*) from {t}" for t in LEGACY_TABLES) + ";"  # noqa: S608
    rows = (line.split("\t") for line in legacy_query(legacy, query, "count the rows of"))
    return {table: int(count) for table, count in rows}


def prepare_target(cluster: Cluster, name: str) -> tuple[TargetDatabase, int]:
    """A fresh nodeshot 1.x database with the benchmark layers; returns it and the default layer id."""
    target = TargetDatabase.parse(cluster.recreate_database(name))
    init_target(target, echo=lambda _line: None)
    with psycopg.connect(target.url) as conn:
        conn.execute((BENCH_SQL / "layers.sql").read_text())
        default_layer = conn.execute("select id from layers_layer where slug = 'default'").fetchone()[0]
    return target, int(default_layer)


# -- one migration run ----------------------------------------------------------


@dataclass
class RunResult:
    label: str
    exit_code: int
    seconds: dict[str, float]
    total_seconds: float
    children_peak_kb: dict[str, int]
    children_cpu_s: dict[str, float]
    dbt_nodes: list[dict[str, Any]] = field(default_factory=list)
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    phases: dict[str, Any] = field(default_factory=dict)
    log: str = ""
    skipped_build: bool = False  # the inputs were those of the last run: stopped after the load
    # issue 22, the run's HTML report: its path and size (its time is seconds["report"])
    report: dict[str, Any] = field(default_factory=dict)


def run_migration(
    label: str, legacy: LegacySource, target: TargetDatabase, default_layer: int, meter: ChildSampler, log_dir: Path,
    loader: str = "pgloader",
) -> RunResult:
    options = MigrateOptions(
        legacy=legacy, target=target, default_layer=default_layer, assume_yes=True, loader=loader
    )
    lines: list[str] = []
    meter.stage = label
    started = time.monotonic()
    try:
        code = migrate(options, echo=lines.append)
    except MigrateError as exc:
        log = log_dir / f"{label}.log"
        log.write_text("\n".join(lines) + f"\nerror: {exc.message}\n")
        raise MigrateError(
            f"bench: the {label} migration failed ({exc.message}); output in {log}", exc.exit_code
        ) from exc
    finally:
        meter.stage = "bench"
    total = time.monotonic() - started
    log = log_dir / f"{label}.log"
    log.write_text("\n".join(lines) + "\n")
    if code != 0:
        raise MigrateError(f"bench: the {label} migration exited with {code}; output in {log}", EXIT_ERROR)
    seconds = {k: round(v, 3) for k, v in options.stage_seconds.items()}
    seconds["other"] = round(total - sum(options.stage_seconds.values()), 3)
    # the build's run_results.json, kept by the dbt session as build_results.json
    # (the compile after it overwrites run_results.json); only when this run built
    results_file = target_path(target) / "build_results.json"
    run_results = (
        json.loads(results_file.read_text())
        if "dbt_build" in options.build_seconds and results_file.exists()
        else None
    )
    step_seconds = options.result.step_seconds if options.result else {}
    apply_seconds = None
    if "apply" in options.stage_seconds:
        apply_seconds = options.stage_seconds["apply"] + options.stage_seconds.get("verify", 0.0)
    return RunResult(
        label=label,
        exit_code=code,
        seconds=seconds,
        total_seconds=round(total, 3),
        children_peak_kb=meter.peaks(label),
        children_cpu_s={k: round(v, 2) for k, v in meter.cpu(label).items()},
        dbt_nodes=dbt_nodes(run_results),
        phases=phases(options.build_seconds, run_results, step_seconds, apply_seconds),
        written={
            table: {"inserted": inserted, "updated": updated, "deleted": deleted}
            for table, inserted, updated, deleted in (options.result.counts if options.result else [])
        },
        skipped_build=options.unchanged_since is not None,
        log=str(log),
        report=report_facts(options),
    )


def report_facts(options: MigrateOptions) -> dict[str, Any]:
    """The run's HTML report (issue 22): where it went, its size, its time."""
    path = options.report_written
    size = Path(path).stat().st_size if path else None
    return {"path": str(path) if path else None, "bytes": size, "seconds": options.stage_seconds.get("report")}


def table_counts(target: TargetDatabase) -> dict[str, int]:
    """Exact row count of every table of the application schema (public)."""
    with psycopg.connect(target.url) as conn:
        tables = [
            name for (name,) in conn.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"
            )
        ]
        count = sql.SQL("select count(*) from {}")
        return {
            name: int(conn.execute(count.format(sql.Identifier("public", name))).fetchone()[0]) for name in tables
        }


def check_reconciliation(target: TargetDatabase, label: str) -> list[dict[str, Any]]:
    with psycopg.connect(target.url) as conn:
        rows = conn.execute(
            "select entity, legacy_rows, migrated, merged, rejected, not_migrated"
            " from migration.reconciliation order by entity_order"
        ).fetchall()
    table = [
        dict(zip(("entity", "legacy_rows", "migrated", "merged", "rejected", "not_migrated"), map(_plain, row),
                 strict=True))
        for row in rows
    ]
    if not table:
        raise MigrateError(f"bench: migration.reconciliation is empty after the {label} run", EXIT_ERROR)
    broken = [r for r in table if r["legacy_rows"] != r["migrated"] + r["merged"] + r["rejected"] + r["not_migrated"]]
    if broken:
        detail = ", ".join(
            f"{r['entity']}: {r['legacy_rows']} legacy != "
            f"{r['migrated']}+{r['merged']}+{r['rejected']}+{r['not_migrated']}"
            for r in broken
        )
        raise MigrateError(f"bench: the {label} run does not reconcile: {detail}", EXIT_ERROR)
    return table


def rejects_by_rule(target: TargetDatabase) -> list[dict[str, Any]]:
    with psycopg.connect(target.url) as conn:
        rows = conn.execute(
            "select entity, rule, count(*) from migration.rejects group by entity, rule order by entity, rule"
        ).fetchall()
    return [{"entity": e, "rule": r, "rows": int(n)} for e, r, n in rows]


def _plain(value):
    """numeric / bigint counts as int, for the JSON."""
    try:
        return int(value) if value == int(value) else value
    except (TypeError, ValueError):
        return value


# -- the floor --------------------------------------------------------------------


FLOOR_SECTION = re.compile(r"^-- floor: (\w+)\s*$", re.MULTILINE)


def floor_statements() -> dict[str, str]:
    text = (BENCH_SQL / "floor.sql").read_text()
    parts = FLOOR_SECTION.split(text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def measure_floor(
    cluster: Cluster, name: str, legacy: LegacySource, written: dict[str, dict[str, int]], meter: ChildSampler
) -> dict[str, Any]:
    """Fastest plain copy + one INSERT ... SELECT per written table, in a fresh target database."""
    target, _ = prepare_target(cluster, name)
    meter.stage = "floor"
    if legacy.kind == "mysql":
        # mysql_fdw straight into tables of the legacy types (CREATE TABLE AS),
        # two at a time: the fastest copy measured here (client -> COPY and
        # pgloader are several times slower).
        with psycopg.connect(target.url) as conn:
            conn.execute("create schema floor_legacy")
        method = "mysql_fdw IMPORT FOREIGN SCHEMA + CREATE TABLE AS (2 parallel), legacy types, no keys"
        started = time.monotonic()
        copies = fdw_copy_tables(legacy, target, "floor_legacy", tables=LOAD_ORDER, workers=2, typed=True)
    else:
        with psycopg.connect(target.url) as conn:
            conn.execute((BENCH_SQL / "floor_legacy.sql").read_text())
        method = "sqlite3 -csv -> COPY FREEZE (2 parallel), typed tables without keys"
        started = time.monotonic()
        copies = copy_tables(legacy, target, "floor_legacy", workers=2, freeze=True)
    copy_seconds = time.monotonic() - started
    statements = floor_statements()
    to_write = {t: c["inserted"] for t, c in written.items() if c["inserted"] > 0}
    tables: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    with psycopg.connect(target.url) as conn:
        conn.execute("set constraints all deferred")
        for table, statement in statements.items():
            if table not in to_write:
                continue
            t0 = time.monotonic()
            cur = conn.execute(sql.SQL(statement).format(limit=sql.Literal(to_write[table])))
            tables[table] = {"rows": cur.rowcount, "migration_rows": to_write[table],
                             "seconds": round(time.monotonic() - t0, 3)}
        conn.commit()
    insert_seconds = time.monotonic() - started
    meter.stage = "bench"
    missing = sorted(t for t in to_write if t not in statements)
    return {
        "database": name,
        "copy_method": method,
        "copy_seconds": round(copy_seconds, 3),
        "copy_tables": {c.table: {"rows": c.copied_rows, "seconds": round(c.seconds, 3)} for c in copies},
        "insert_seconds": round(insert_seconds, 3),
        "inserts": tables,
        "tables_without_floor_statement": missing,
        "total_seconds": round(copy_seconds + insert_seconds, 3),
    }


# -- entry point ------------------------------------------------------------------------


def run_bench(scale: str = "S0", source: str = "mariadb", json_out: str | None = None, *,
              loader: str = "pgloader", echo: Callable[[str], None] = print) -> dict[str, Any]:
    scale = scale.upper()
    if scale not in SCALES:
        raise MigrateError(f"--scale must be one of {', '.join(SCALES)}, got {scale!r}", EXIT_USAGE)
    source = source.lower()
    if source not in SOURCES:
        raise MigrateError(f"--source must be one of {', '.join(SOURCES)}, got {source!r}", EXIT_USAGE)
    nodes = SCALES[scale]
    name = f"bench_{scale.lower()}_{source}"
    log_dir = BENCH_DIR / name
    log_dir.mkdir(parents=True, exist_ok=True)
    bench_started = time.monotonic()

    with ChildSampler() as meter:
        cluster = Cluster().start()
        echo(f"bench {scale}: generating {nodes:,} nodes in {source} ...")
        meter.stage = "generate"
        t0 = time.monotonic()
        legacy = generate_legacy("mariadb" if source == "dump" else source, nodes, name)
        generate_seconds = time.monotonic() - t0
        meter.stage = "bench"
        counts = legacy_counts(legacy)
        dump = None
        if source == "dump":
            # the runs read the dump (restored into the private MariaDB
            # each time: stage `restore`); the floor reads the database
            dump = write_dump(legacy, BENCH_DIR / f"{name}.sql.gz")
            echo(f"bench {scale}: dump {dump['bytes'] / 1e6:.1f} MB gzipped in {dump['write_seconds']:.1f}s")
            floor_legacy, legacy = legacy, LegacySource.parse(dump["file"])
        else:
            floor_legacy = legacy
        total_rows = sum(counts.values())
        echo(f"bench {scale}: {total_rows:,} legacy rows in {generate_seconds:.1f}s; preparing the target ...")
        target, default_layer = prepare_target(cluster, name)

        echo(f"bench {scale}: full migration (log: {log_dir / 'full.log'}) ...")
        before = table_counts(target)
        full = run_migration("full", legacy, target, default_layer, meter, log_dir, loader)
        after = table_counts(target)
        # rows the full run added to each application table (the ledger's own
        # per-table counts are in full.written)
        added = {t: {"inserted": after[t] - before.get(t, 0)} for t in after if after[t] != before.get(t, 0)}
        reconciliation = check_reconciliation(target, "full")
        rejects = rejects_by_rule(target)
        echo(f"bench {scale}: full run {full.total_seconds:.1f}s; sync run (no legacy change) ...")
        sync = run_migration("sync", legacy, target, default_layer, meter, log_dir, loader)
        check_reconciliation(target, "sync")
        echo(f"bench {scale}: sync run {sync.total_seconds:.1f}s; floor ...")
        floor = measure_floor(cluster, name + "_floor", floor_legacy, added, meter)
        floor["rows_per_second"] = round(total_rows / floor["total_seconds"], 1) if floor["total_seconds"] else 0.0

    peaks: dict[str, int] = {"python": python_peak_kb()}
    for program, kb in sorted(meter.peaks().items()):
        peaks[program] = kb
    if len(meter.records) == 0:
        peaks["children (max of all)"] = children_peak_kb()

    def run_dict(r: RunResult) -> dict[str, Any]:
        return {
            "exit_code": r.exit_code,
            "seconds": r.seconds,
            "total_seconds": r.total_seconds,
            "rows_per_second": round(total_rows / r.total_seconds, 1) if r.total_seconds else 0.0,
            "stage_rows_per_second": {k: round(total_rows / v, 1) for k, v in r.seconds.items() if v and k != "other"},
            "children_peak_rss_kb": r.children_peak_kb,
            "children_cpu_seconds": r.children_cpu_s,
            "phases": r.phases,
            "dbt_nodes": r.dbt_nodes[:25],
            "written": r.written,
            "skipped_build": r.skipped_build,
            "report": r.report,
            "log": r.log,
        }

    result: dict[str, Any] = {
        "scale": scale,
        "target_rows_added_by_full_run": {t: c["inserted"] for t, c in added.items()},
        "source": source,
        "loader": loader,
        "nodes": nodes,
        "legacy_rows": counts,
        "legacy_rows_total": total_rows,
        "generate_seconds": round(generate_seconds, 3),
        **({"dump": dump} if dump else {}),
        "full": run_dict(full),
        "sync": run_dict(sync),
        "floor": floor,
        "ratio_full_to_floor": (
            round(full.total_seconds / floor["total_seconds"], 3) if floor["total_seconds"] else None
        ),
        "ratio_sync_to_full": round(sync.total_seconds / full.total_seconds, 3) if full.total_seconds else None,
        # the proof of the target before COMMIT (issue 17): at most 5 % of the full run at S2
        "share_verify_of_full": (
            round(full.seconds.get("verify", 0.0) / full.total_seconds, 3) if full.total_seconds else None
        ),
        "peak_memory_kb": peaks,
        # the largest child of all, reaped ones included (the sampler can miss a short one)
        "children_max_rss_kb": children_peak_kb(),
        "reconciliation": reconciliation,
        "rejects_by_rule": rejects,
        "targets": TARGETS,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "bench_seconds": round(time.monotonic() - bench_started, 3),
    }
    echo("")
    echo(format_table(result))
    text = json.dumps(result, indent=2, default=str)
    echo("")
    echo(text)
    if json_out:
        Path(json_out).write_text(text + "\n")
    return result

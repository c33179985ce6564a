"""`invoke bench`: a full migration of a synthetic map, timed against the copy floor (issue 6).

One run of the benchmark:

1. starts the private PostgreSQL cluster (and MariaDB for `--source mariadb`),
   creates the legacy database and fills it INSIDE the database engine with
   sql/bench/generate_<engine>.sql at the chosen scale (no row goes through
   Python);
2. creates a nodeshot 1.x target (init-target + sql/bench/layers.sql: a few
   dozen many-vertex polygons over Italy and a Point default layer);
3. times the real pipeline, `migrate(MigrateOptions(..., assume_yes=True))`,
   stage by stage (MigrateOptions.stage_seconds), checks its exit code and
   `migration.reconciliation`, then times a second run with no legacy change
   (the periodic sync);
4. measures the FLOOR on the same data in a fresh target database: the
   fastest plain copy of the legacy tables (fastload's exporters streaming
   into COPY, two tables at a time, into typed tables without keys) plus one
   plain INSERT ... SELECT per target table the migration wrote
   (sql/bench/floor.sql), and reports end-to-end / floor;
5. prints a table and the JSON (written to `json_out` too), including the
   peak memory of this Python process and of every child it started (each
   child's own rusage, read when it is reaped), and the slowest dbt nodes.

It fails (MigrateError) when a run fails or does not reconcile; never on
timings. The databases it creates are named bench_<scale>_<source>[_floor].
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from . import LOCAL_DIR, SQL_DIR
from .cluster import Cluster
from .errors import EXIT_ERROR, EXIT_USAGE, MigrateError
from .load import LEGACY_TABLES
from .procs import run, which
from .urls import LegacySource, TargetDatabase

SCALES = {"S0": 1_000, "S1": 20_000, "S2": 200_000}
SOURCES = ("mariadb", "sqlite")
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

DBT_NODE_LINE = re.compile(
    r"\d+ of \d+ (?P<status>OK|PASS|WARN|ERROR|FAIL|SKIP)\s+(?:created sql \w+ model |loaded seed file )?"
    r"(?P<name>[\w.]+).*?\[(?P<what>[^\]]*?) in (?P<seconds>[\d.]+)s\]"
)


# -- per-child peak memory -----------------------------------------------------


@dataclass
class ChildUsage:
    program: str
    stage: str
    max_rss_kb: int
    cpu_seconds: float


class ChildMeter:
    """Records the rusage of every child this process reaps through subprocess.

    subprocess reaps children with os.waitpid(); while the meter is active
    Popen's reaping step uses os.wait4() instead, which also returns that
    one child's rusage (ru_maxrss of the child and its own reaped children).
    That gives the peak memory of each pgloader, dbt, mariadb and sqlite3
    process separately, where RUSAGE_CHILDREN only keeps the largest ever.
    If the private hook is missing (other Python), only RUSAGE_CHILDREN is
    reported.
    """

    def __init__(self) -> None:
        self.stage = "setup"
        self.records: list[ChildUsage] = []
        self._original = None

    def __enter__(self) -> ChildMeter:
        original = getattr(subprocess.Popen, "_try_wait", None)
        if original is None or not hasattr(os, "wait4"):
            return self
        meter = self

        def _try_wait(popen, wait_flags):
            try:
                pid, status, usage = os.wait4(popen.pid, wait_flags)
            except ChildProcessError:
                return (popen.pid, 0)
            if pid == popen.pid:
                meter._record(popen.args, usage)
            return (pid, status)

        self._original = original
        subprocess.Popen._try_wait = _try_wait  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc) -> None:
        if self._original is not None:
            subprocess.Popen._try_wait = self._original  # type: ignore[method-assign]
            self._original = None

    def _record(self, args, usage) -> None:
        argv = [args] if isinstance(args, (str, bytes)) else list(args)
        program = Path(str(argv[0])).name if argv else "?"
        if program == "runuser" and "--" in argv:
            program = Path(str(argv[argv.index("--") + 1])).name
        if "nodeshot_migrate.dbtsession" in argv:
            program = "dbt"  # dbt's build and compile, run by a Python child
        self.records.append(
            ChildUsage(program, self.stage, int(usage.ru_maxrss), float(usage.ru_utime + usage.ru_stime))
        )

    def peaks(self, stage: str | None = None) -> dict[str, int]:
        found: dict[str, int] = {}
        for record in self.records:
            if stage is None or record.stage == stage:
                found[record.program] = max(found.get(record.program, 0), record.max_rss_kb)
        return found

    def cpu(self, stage: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for record in self.records:
            if record.stage == stage:
                found[record.program] = found.get(record.program, 0.0) + record.cpu_seconds
        return found


def python_peak_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# -- legacy and target databases ----------------------------------------------


def generate_legacy(source: str, nodes: int, name: str) -> LegacySource:
    """Create the legacy database and generate the map in it (SQL only)."""
    if source == "mariadb":
        from .mariadb import MariaDB

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


def legacy_counts(legacy: LegacySource) -> dict[str, int]:
    from .preflight import legacy_query

    # constant table names (load.LEGACY_TABLES), valid in MySQL and SQLite
    query = " union all ".join(f"select '{t}', count(*) from {t}" for t in LEGACY_TABLES) + ";"  # noqa: S608
    rows = (line.split("\t") for line in legacy_query(legacy, query, "count the rows of"))
    return {table: int(count) for table, count in rows}


def prepare_target(cluster: Cluster, name: str) -> tuple[TargetDatabase, int]:
    """A fresh nodeshot 1.x database with the benchmark layers; returns it and the default layer id."""
    from .migrate import init_target

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


def parse_dbt_nodes(lines: list[str]) -> list[dict[str, Any]]:
    nodes = []
    for line in lines:
        match = DBT_NODE_LINE.search(line)
        if match:
            nodes.append({
                "node": match.group("name"),
                "status": match.group("status"),
                "result": match.group("what"),
                "seconds": float(match.group("seconds")),
            })
    return sorted(nodes, key=lambda n: -n["seconds"])


def phase_timings(stamped: list[tuple[float, str]]) -> dict[str, Any]:
    """Where the build and apply stages spend their time, from when each output line arrived.

    dbt startup = `build:` until dbt's first node starts (parse, connect);
    dbt build = the rest of the `dbt build` process; compile = until the
    first apply step (the quiet `dbt compile` of the apply SQL); then one
    entry per compiled apply file, the last one ending when the summary
    starts; commit = the rest.
    """
    phases: dict[str, Any] = {}
    build_at = next((t for t, line in stamped if line.startswith("build:")), None)
    dbt_lines = [(t, line) for t, line in stamped if line.startswith("  dbt |")]
    first_node = next((t for t, line in dbt_lines if " START " in line or " of " in line), None)
    apply_lines = [(t, line[len("apply: "):]) for t, line in stamped if line.startswith("apply: ")]
    if build_at is not None and dbt_lines:
        if first_node is not None:
            phases["dbt_startup"] = round(first_node - build_at, 3)
            phases["dbt_build_nodes"] = round(dbt_lines[-1][0] - first_node, 3)
        if apply_lines:
            phases["dbt_compile_apply"] = round(apply_lines[0][0] - dbt_lines[-1][0], 3)
    if apply_lines:
        after = [t for t, line in stamped if t >= apply_lines[-1][0] and not line.startswith("apply: ")]
        ends = [t for t, _ in apply_lines[1:]] + [after[0] if after else apply_lines[-1][0]]
        phases["apply_steps"] = {
            step: round(end - start, 3) for (start, step), end in zip(apply_lines, ends, strict=True)
        }
        if after:
            phases["summary_and_commit"] = round(stamped[-1][0] - after[0], 3)
    return phases


def run_migration(
    label: str, legacy: LegacySource, target: TargetDatabase, default_layer: int, meter: ChildMeter, log_dir: Path,
    loader: str = "pgloader",
) -> RunResult:
    from .migrate import MigrateOptions, migrate

    options = MigrateOptions(
        legacy=legacy, target=target, default_layer=default_layer, assume_yes=True, loader=loader
    )
    lines: list[str] = []
    stamped: list[tuple[float, str]] = []

    def echo(line: str) -> None:
        lines.append(line)
        stamped.append((time.monotonic(), line))

    meter.stage = label
    started = time.monotonic()
    try:
        code = migrate(options, echo=echo)
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
    return RunResult(
        label=label,
        exit_code=code,
        seconds=seconds,
        total_seconds=round(total, 3),
        children_peak_kb=meter.peaks(label),
        children_cpu_s={k: round(v, 2) for k, v in meter.cpu(label).items()},
        dbt_nodes=parse_dbt_nodes(lines),
        phases=phase_timings(stamped + [(started + total, "")]),
        written={
            table: {"inserted": inserted, "updated": updated, "deleted": deleted}
            for table, inserted, updated, deleted in (options.result.counts if options.result else [])
        },
        skipped_build=options.unchanged_since is not None,
        log=str(log),
        report=_report_facts(options),
    )


# -- issue 22: the report's time and size (a hook; the rest of the bench ignores it) --


def _report_facts(options) -> dict[str, Any]:
    path = options.report_written
    if path is None or not Path(path).is_file():
        return {"path": None, "bytes": None, "seconds": options.stage_seconds.get("report")}
    return {"path": str(path), "bytes": Path(path).stat().st_size, "seconds": options.stage_seconds.get("report")}


def _report_line(run: dict[str, Any]) -> str:
    report = run.get("report") or {}
    if not report.get("bytes"):
        return "not written"
    return f"{_fmt_s(report['seconds'])}, {report['bytes'] / 1e6:.1f} MB ({report['path']})"


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
    cluster: Cluster, name: str, legacy: LegacySource, written: dict[str, dict[str, int]], meter: ChildMeter
) -> dict[str, Any]:
    """Fastest plain copy + one INSERT ... SELECT per written table, in a fresh target database."""
    from .fastload import LOAD_ORDER, copy_tables, fdw_copy_tables

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


# -- output -------------------------------------------------------------------------


def _mb(kb: int | None) -> str:
    return "-" if not kb else f"{kb / 1024:.0f} MB"


def _fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def format_table(result: dict[str, Any]) -> str:
    full, sync, floor = result["full"], result["sync"], result["floor"]
    rows = result["legacy_rows_total"]
    lines = [
        f"benchmark {result['scale']} ({result['nodes']:,} nodes, {rows:,} legacy rows,"
        f" source {result['source']}, loader {result['loader']})",
        f"  generate legacy map (not timed in the ratio): {_fmt_s(result['generate_seconds'])}",
        "",
        f"  {'stage':<14}{'full run':>10}{'sync run':>10}   {'floor':<26}",
    ]
    floor_rows = [("copy", floor["copy_seconds"]), ("inserts", floor["insert_seconds"])]
    stages = ["load", "check", "build", "apply", "verify", "report", "other"]
    for i, stage in enumerate(stages):
        f_value = full["seconds"].get(stage)
        s_value = sync["seconds"].get(stage)
        floor_cell = f"{floor_rows[i][0]:<8}{_fmt_s(floor_rows[i][1]):>8}" if i < len(floor_rows) else ""
        lines.append(f"  {stage:<14}{_fmt_s(f_value):>10}{_fmt_s(s_value):>10}   {floor_cell}")
    lines.append(
        f"  {'total':<14}{_fmt_s(full['total_seconds']):>10}{_fmt_s(sync['total_seconds']):>10}   "
        f"{'total':<8}{_fmt_s(floor['total_seconds']):>8}"
    )
    lines.append(
        f"  {'rows/s':<14}{full['rows_per_second']:>10,.0f}{sync['rows_per_second']:>10,.0f}   "
        f"{'rows/s':<8}{floor['rows_per_second']:>8,.0f}"
    )
    lines += [
        "",
        f"  end-to-end / floor: {result['ratio_full_to_floor']:.2f}   (target at S2: <= 2.0)",
        f"  sync / full run:    {result['ratio_sync_to_full']:.2f}   (target at S2: <= 0.25)"
        + ("; the sync found its inputs unchanged and skipped the build" if sync["skipped_build"] else ""),
        f"  verify / full run:  {result['share_verify_of_full']:.3f}   (target at S2: <= 0.05, proof before COMMIT)",
        "",
        "  peak memory (RSS): " + ", ".join(f"{k} {_mb(v)}" for k, v in result["peak_memory_kb"].items()),
        "  build (full run): " + ", ".join(
            f"{k} {v:.1f}s" for k, v in full["phases"].items() if k.startswith("dbt_")
        ),
        "  slowest apply steps (full run): " + ", ".join(
            f"{k} {v:.1f}s" for k, v in sorted(
                full["phases"].get("apply_steps", {}).items(), key=lambda kv: -kv[1]
            )[:4]
        ),
        "  slowest dbt nodes (full run): " + ", ".join(
            f"{n['node'].split('.')[-1]} {n['seconds']:.1f}s" for n in full["dbt_nodes"][:6]
        ),
        f"  report (issue 22): full run {_report_line(full)}; sync run {_report_line(sync)}",
        f"  whole benchmark: {_fmt_s(result['bench_seconds'])}",
    ]
    if floor["tables_without_floor_statement"]:
        lines.append("  WARNING: no floor statement for " + ", ".join(floor["tables_without_floor_statement"]))
    return "\n".join(lines)


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

    with ChildMeter() as meter:
        cluster = Cluster().start()
        echo(f"bench {scale}: generating {nodes:,} nodes in {source} ...")
        meter.stage = "generate"
        t0 = time.monotonic()
        legacy = generate_legacy(source, nodes, name)
        generate_seconds = time.monotonic() - t0
        meter.stage = "bench"
        counts = legacy_counts(legacy)
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
        floor = measure_floor(cluster, name + "_floor", legacy, added, meter)
        floor["rows_per_second"] = round(total_rows / floor["total_seconds"], 1) if floor["total_seconds"] else 0.0

    peaks: dict[str, int] = {"python": python_peak_kb()}
    for program, kb in sorted(meter.peaks().items()):
        peaks[program] = kb
    if len(meter.records) == 0:
        peaks["children (max of all)"] = int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

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
            "log": r.log,
            "report": r.report,
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

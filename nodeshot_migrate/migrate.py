"""The migrate pipeline: load -> dbt build (the gate) -> apply in one transaction."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from . import SQL_DIR, dumpfile, fingerprint, gate
from .apply import VERIFY_STEP, ApplyResult, apply, ask_yes_no, compiled_files
from .dbt import DbtSession, exclusive_run
from .errors import (
    EXIT_BUILD_FAILED,
    EXIT_DECLINED,
    EXIT_DRY_RUN,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PREFLIGHT_DEFAULT_LAYER,
    EXIT_PREFLIGHT_TARGET,
    EXIT_PREFLIGHT_TIMEZONE,
    EXIT_USAGE,
    MigrateError,
)
from .legacy.fdw import require_fdw_privileges
from .legacy.load import load_legacy
from .plan import PlanError, plan, required_target_tables
from .preflight import check_layers, check_status_mapping
from .showapply import render_steps, write_sql
from .urls import LegacySource, TargetDatabase

# A node covered by several layers (importer-behaviour B.6): the default
# layer, the smallest covering one, or rejected.
AMBIGUOUS_LAYER_POLICIES = ("default", "smallest", "reject")


@dataclass
class MigrateOptions:
    legacy: LegacySource
    target: TargetDatabase
    default_layer: int | None = 1
    legacy_timezone: str = "UTC"
    ambiguous_layer: str = "default"
    dry_run: bool = False
    assume_yes: bool = False
    skip_load: bool = False
    wait_for_lock: bool = False  # wait for a running migration instead of failing fast
    import_links: bool = True  # NODESHOT_OLDIMPORTER_IMPORT_LINKS
    loader: str = "pgloader"  # pgloader, client (legacy client -> COPY) or fdw (mysql_fdw)
    fix_double_encoding: bool = False  # repair mojibake ('Ã©' -> 'é'); reported either way
    fail_after: str | None = None  # test hook: fail the apply after this step
    after_build: Callable[[], None] | None = None  # test hook: runs after the build, before the tests beside the apply
    print_sql: str | None = None  # write the compiled apply, step by step, to this file ('-': stdout)
    skip_row_of: str | None = None  # test hook: the apply loses one row of this table (the proof must catch it)
    # test hook: the apply writes one value wrong, {"table": ..., "column": ..., "value": ...}
    change_value: dict[str, str] | None = None
    bulk_min_rows: int = 10000  # a first run fills an empty table this big with its keys and indexes off
    rebuild: bool = False  # build and apply even when the inputs did not change since the last run
    gate_first: bool = False  # every data test in the build, none beside the apply (gate.py)
    # a map that loaded fewer legacy rows runs every data test in the build (see _migrate)
    gate_beside_min_rows: int = 500_000
    unchanged_since: int | None = None  # set when the run stopped early: the run whose inputs these are
    legacy_database: str | None = None  # the database to take from a dump of several
    keep_legacy: bool = False  # keep the database a dump was restored into (and its private server)
    # Timings, filled by migrate (stage -> seconds): load, check, build,
    # apply and verify; build_seconds splits the build stage into its parts
    # (analyze, dbt_parse_wait, dbt_build, dbt_compile_apply), and
    # result.step_seconds times each compiled apply step. `invoke bench`
    # reports them; nothing else reads them.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    build_seconds: dict[str, float] = field(default_factory=dict)
    result: ApplyResult | None = None  # what the apply did (set by migrate)
    # The HTML report (report.py, issue 22): written after every run unless
    # report_kind is None; report_path None = .local/reports/<db>-<run>.html.
    report_kind: str | None = "migrate"
    report_path: Path | None = None
    report_written: Path | None = None  # set by migrate

    def __post_init__(self) -> None:
        # A usage error, said before anything runs (the build's own check of
        # the var stopped the run at dbt compile time, with exit 11).
        policy = str(self.ambiguous_layer).strip().lower()
        if policy not in AMBIGUOUS_LAYER_POLICIES:
            raise MigrateError(
                f"--ambiguous-layer must be one of {', '.join(AMBIGUOUS_LAYER_POLICIES)}, got {self.ambiguous_layer!r}",
                EXIT_USAGE,
            )
        self.ambiguous_layer = policy

    def dbt_vars(self) -> dict[str, Any]:
        return {
            "default_layer": self.default_layer,
            "legacy_timezone": self.legacy_timezone,
            "ambiguous_layer_policy": self.ambiguous_layer,
            "dry_run": self.dry_run,
            "wait_for_lock": self.wait_for_lock,
            "import_links": self.import_links,
            "fix_double_encoding": self.fix_double_encoding,
            "bulk_min_rows": self.bulk_min_rows,
            "legacy_source": self.legacy.display,
            **({"apply_skip_row": self.skip_row_of} if self.skip_row_of else {}),
            **({"apply_change_value": self.change_value} if self.change_value else {}),
        }


def init_target(target: TargetDatabase, *, echo: Callable[[str], None] = print) -> None:
    """Create extensions, the nodeshot 1.x schema and its initial data in an empty database."""
    with psycopg.connect(target.url) as conn:
        existing = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
            " and table_name = any(%s)",
            (list(required_target_tables()),),
        ).fetchone()[0]
        if existing:
            raise MigrateError(
                f"{target.display} already has nodeshot tables: init-target only fills an empty database",
                EXIT_USAGE,
            )
        for path in sorted((SQL_DIR / "target").glob("*.sql")):
            echo(f"init-target: {path.name}")
            conn.execute(path.read_text())


def preflight(options: MigrateOptions) -> list[str]:
    """Checks that stop the run before anything is loaded or written;
    returns what was checked, for the stage's line."""
    checked = ["the apply plan of the marts is consistent"]
    try:
        plan()  # the apply plan of the marts' YAML is consistent (docs/apply-plan.md)
    except PlanError as exc:
        raise MigrateError(f"the apply plan is broken: {exc}", EXIT_BUILD_FAILED) from exc
    try:
        conn = psycopg.connect(options.target.url, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise MigrateError(f"cannot connect to the target {options.target.display}: {exc}", EXIT_USAGE) from exc
    with conn:
        missing = [
            name
            for (name,) in conn.execute(
                "select name from unnest(%s::text[]) as name"
                " where to_regclass(quote_ident(%s) || '.' || quote_ident(name)) is null",
                (list(required_target_tables()), "public"),
            )
        ]
        extensions = {row[0] for row in conn.execute("select extname from pg_extension")}
        if missing or not {"postgis", "hstore"} <= extensions:
            lacking = missing + [e for e in ("postgis", "hstore") if e not in extensions]
            raise MigrateError(
                f"the target {options.target.display} is not a nodeshot 1.x database (missing: "
                f"{', '.join(lacking)}) - run nodeshot's migrations first, or `invoke init-target` on an empty one",
                EXIT_PREFLIGHT_TARGET,
            )
        required = len(required_target_tables())
        checked.append(f"the target is nodeshot 1.x (the {required} tables the plan requires, postgis, hstore)")
        if "pgcrypto" not in extensions:
            conn.execute("create extension if not exists pgcrypto")
        known_zone = conn.execute(
            "select exists (select 1 from pg_timezone_names where name = %s)", (options.legacy_timezone,)
        ).fetchone()[0]
        if not known_zone:
            raise MigrateError(
                f"--legacy-timezone {options.legacy_timezone!r} is not a time zone PostgreSQL knows"
                " (e.g. UTC, Europe/Rome)",
                EXIT_PREFLIGHT_TIMEZONE,
            )
        checked.append(f"time zone {options.legacy_timezone} known")
        check_layers(conn)
        checked.append("layer areas valid")
        if options.loader == "fdw" and not options.skip_load:
            require_fdw_privileges(options.target)
            _ = options.legacy.fdw_ssl_ca  # TLS settings mysql_fdw cannot honour stop the run here
            checked.append("mysql_fdw allowed")
        if options.default_layer is not None:
            found = conn.execute(
                "select exists (select 1 from layers_layer where id = %s)", (options.default_layer,)
            ).fetchone()[0]
            if not found:
                raise MigrateError(
                    f"default layer {options.default_layer} does not exist in layers_layer: pass an existing"
                    " --default-layer ID, or --default-layer none to discard nodes outside every layer",
                    EXIT_PREFLIGHT_DEFAULT_LAYER,
                )
            checked.append(f"default layer {options.default_layer} exists")
    return checked


def print_summary(result: ApplyResult, options: MigrateOptions, echo: Callable[[str], None]) -> None:
    echo("")
    echo(f"legacy times read as {options.legacy_timezone}")
    echo(f"{'legacy table':<36}{'legacy':>9}{'migrated':>10}{'merged':>8}{'rejected':>10}{'not migr.':>11}")
    for entity, legacy_rows, migrated, merged, rejected, not_migrated in result.reconciliation:
        echo(f"{entity:<36}{legacy_rows:>9}{migrated:>10}{merged:>8}{rejected:>10}{not_migrated:>11}")
    echo("")
    echo(f"{'target table':<36}{'inserted':>10}{'updated':>10}{'deleted':>10}")
    for table, inserted, updated, deleted in result.counts:
        if inserted or updated or deleted:
            echo(f"{table:<36}{inserted:>10}{updated:>10}{deleted:>10}")
    if not result.changed_rows:
        echo("no changes: the target already matches the legacy database")
    if result.rejects_by_rule:
        echo("")
        echo("rejected rows by rule (details: select * from migration.rejects):")
        for entity, rule, count in result.rejects_by_rule:
            echo(f"  {entity:<34} {rule:<28} {count:>7}")
    if result.notices_by_rule:
        echo("")
        echo("migrated, but changed by a documented rule (details: select * from migration.notices):")
        for entity, rule, count in result.notices_by_rule:
            echo(f"  {entity:<34} {rule:<28} {count:>7}")
    for note in result.server_notes:
        echo(f"note: {note}")
    echo("")


def analyze_inputs(target: TargetDatabase) -> None:
    """Fresh planner statistics for what the build reads: the tables the load
    just filled, and the application and ledger tables written since their
    last analyze (the previous run's rows, the site's own). Without them the
    planner takes a loaded table for an empty one and nested-loops the
    staging and mart views (measured: a 3x slower sync at S0)."""
    with psycopg.connect(target.url, autocommit=True) as conn:
        stale = conn.execute(
            "select format('%I.%I', schemaname, relname) from pg_stat_user_tables"
            " where schemaname = 'legacy_raw'"
            "    or (schemaname in ('public', 'migration') and (n_mod_since_analyze > 0"
            "        or coalesce(last_analyze, last_autoanalyze) is null))"
        ).fetchall()
        for (table,) in stale:
            conn.execute(f"analyze {table}")  # noqa: S608 (quoted by format %I)


def migrate(options: MigrateOptions, *, echo: Callable[[str], None] = print) -> int:
    """Run the whole pipeline and write its HTML report; return the exit
    code of its outcome. The report is written whatever the outcome (a
    failure's says what failed); writing it never changes the outcome."""
    code, error = EXIT_ERROR, None
    try:
        code = _run_pipeline(options, echo=echo)
        return code
    except MigrateError as exc:
        code, error = exc.exit_code, exc.message
        raise
    except psycopg.Error as exc:
        error = "database error: " + (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise
    finally:
        if options.report_kind is not None:
            from .report import report_after_run

            options.report_written = report_after_run(
                options, code, error, kind=options.report_kind, path=options.report_path, echo=echo
            )


def _run_pipeline(options: MigrateOptions, *, echo: Callable[[str], None] = print) -> int:
    """Run the whole pipeline; return the exit code of its outcome."""
    started = time.monotonic()
    echo("pre-flight: " + ", ".join(preflight(options)))
    if options.legacy.kind != "dump" or options.skip_load:
        return _migrate(options, started, echo)
    # A dump file: restored into the private MariaDB first (pre-flight: a
    # dump that does not restore stops the run before anything is written).
    dump = options.legacy
    with restored_dump(dump, options.legacy_database, options.keep_legacy, echo) as restored:
        options.stage_seconds["restore"] = time.monotonic() - started
        options.legacy = restored
        try:
            return _migrate(options, started, echo)
        finally:
            options.legacy = dump


@contextlib.contextmanager
def restored_dump(
    dump: LegacySource, database: str | None, keep: bool, echo: Callable[[str], None]
) -> Iterator[LegacySource]:
    """The MySQL copy of a dump file, for the length of the block."""
    with dumpfile.restored(dump.database, database=database, keep=keep, echo=echo) as restored:
        yield dump.restored_as(restored.url)


def _migrate(options: MigrateOptions, started: float, echo: Callable[[str], None]) -> int:
    with exclusive_run(options.target, wait=options.wait_for_lock):
        # dbt starts now: it parses the project while the load runs.
        session = DbtSession(options.target, options.dbt_vars())
        tests = None
        legacy_rows: int | None = None  # unknown with --skip-load
        try:
            if not options.skip_load:
                t0 = time.monotonic()
                report = load_legacy(options.legacy, options.target, options.loader, echo=echo)
                options.stage_seconds["load"] = time.monotonic() - t0
                echo("load: " + ", ".join(f"{table} {rows}" for table, rows in report.rows.items()))
                legacy_rows = sum(report.rows.values())
            with psycopg.connect(options.target.url) as conn:
                check_status_mapping(conn)
            t0 = time.monotonic()
            settings = fingerprint.settings_digest(
                {name: value for name, value in options.dbt_vars().items() if name not in ("dry_run", "wait_for_lock")}
            )
            if not options.rebuild:
                with psycopg.connect(options.target.url, autocommit=True) as conn:
                    options.unchanged_since = fingerprint.unchanged_since(conn, settings)
                options.stage_seconds["check"] = time.monotonic() - t0
                if options.unchanged_since is not None:
                    echo(
                        f"no changes: the legacy rows, the target and the settings are exactly those run"
                        f" {options.unchanged_since} left; nothing to build or apply (--rebuild forces a full run)"
                    )
                    return EXIT_DRY_RUN if options.dry_run else EXIT_OK
                t0 = time.monotonic()
            # After the check: the digest needs no statistics, and a sync that
            # finds nothing changed skips the analyze of the tables the last
            # run wrote (at S2, right after a first run, while autovacuum
            # works on the same tables: the check went from 6 s to 10-14 s).
            timed = time.monotonic()
            analyze_inputs(options.target)
            options.build_seconds["analyze"] = time.monotonic() - timed
            timed = time.monotonic()
            session.ready(echo)
            options.build_seconds["dbt_parse_wait"] = time.monotonic() - timed
            # Beside the apply, the tests pay for a second dbt's start-up and
            # run on one thread; the apply of a small map is done long before
            # and waits for them. In the build they share its threads and
            # its parse. Full runs, alternated (docs/benchmark.md): the demo
            # (2,393 legacy rows) 19.2-21.9 s -> 15.5-16.1 s, S0 (11,323)
            # 19.1-20.3 s -> 15.2-15.3 s, S1 (224,127) 33.1-35.0 s ->
            # 27.3-29.9 s; at S2 (2.2 M) the tests beside the apply saved
            # 8 s. The threshold lies between S1 and S2.
            small = legacy_rows is not None and legacy_rows < options.gate_beside_min_rows
            manifest = None if options.gate_first or small else gate.read_manifest(options.target)
            in_build, beside = gate.split_tests(manifest) if manifest is not None else ([], [])
            if beside:
                echo(
                    f"build: dbt build (staging, rules, marts, and the {len(in_build)} data tests that read the"
                    f" site's tables; the other {len(beside)} run beside the apply, which commits only if they pass)"
                )
            elif small and not options.gate_first:
                echo(
                    f"build: dbt build (staging, rules, marts and their data tests: {legacy_rows:,} legacy rows,"
                    f" under {options.gate_beside_min_rows:,}, are tested faster in the build than beside the apply)"
                )
            else:
                echo("build: dbt build (staging, rules, marts and their data tests)")
            timed = time.monotonic()
            # The rules' unit tests (unit_tests: in the models' YAML) prove the
            # SQL on a few rows and do not depend on the data: `./inv test`
            # runs them (tests/e2e/test_unit_tests.py), a migration does not.
            build_args = ["build", "--exclude-resource-type", "unit_test"]
            session.build(
                [*build_args, "--exclude", *beside] if beside else build_args,
                ["compile", "--select", "path:analyses/apply"],
                echo,
                what="dbt build (data tests are the gate)",
            )
            options.build_seconds["dbt_build"] = time.monotonic() - timed
            if options.after_build is not None:
                options.after_build()
            legacy_digest = None if options.dry_run else fingerprint.legacy_digest_in_background(options.target.url)
            timed = time.monotonic()
            session.compile(what="compiling the apply SQL")
            options.build_seconds["dbt_compile_apply"] = time.monotonic() - timed
            if options.print_sql:
                write_sql(render_steps(compiled_files(options.target)), options.print_sql)
            options.stage_seconds["build"] = time.monotonic() - t0
            # Started once the compile is done: both start a dbt, and the
            # compile is what the apply waits for.
            if beside:
                tests = gate.TestsBesideApply(options.target, options.dbt_vars(), beside, "30s")
            code = apply_and_decide(options, settings, legacy_digest, tests, echo)
        finally:
            session.stop()
            if tests is not None:
                tests.stop()
    if options.result is not None and options.result.committed:
        echo(f"committed in {time.monotonic() - started:.1f}s")
    return code


def apply_and_decide(
    options: MigrateOptions,
    settings: str,
    legacy_digest: Future[str] | None,
    tests: gate.TestsBesideApply | None,
    echo: Callable[[str], None],
) -> int:
    """Run the compiled apply SQL in one transaction (apply.apply), then
    commit or roll back: `tests` are the data tests running beside it,
    waited for before that decision. Returns the exit code."""
    outcome = {"code": EXIT_OK}

    def decide(result: ApplyResult) -> bool:
        print_summary(result, options, echo)
        if options.dry_run:
            echo("dry run: rolling back, the target is unchanged")
            outcome["code"] = EXIT_DRY_RUN
            return False
        if not options.assume_yes and sys.stdin.isatty():
            if not ask_yes_no("Are you satisfied with the results? Answering no rolls everything back"):
                echo("rolled back: the target is unchanged")
                outcome["code"] = EXIT_DECLINED
                return False
        return True

    t0 = time.monotonic()
    result = apply(
        options.target,
        decide=decide,
        echo=echo,
        fail_after=options.fail_after,
        before_commit=lambda conn: fingerprint.record(conn, settings, legacy_digest),
        gate=None if tests is None else lambda: tests.wait(echo),
    )
    options.stage_seconds["apply"] = time.monotonic() - t0
    # The proof of the target (step 950) is a stage of its own in `invoke bench`.
    verify = result.step_seconds.get(VERIFY_STEP)
    if verify is not None:
        options.stage_seconds["verify"] = verify
        options.stage_seconds["apply"] -= verify
    options.result = result
    return outcome["code"]


def one_line_summary(options: MigrateOptions, code: int, seconds: float) -> str:
    """The line a cron job or a systemd timer logs for one sync."""
    result = options.result
    if options.unchanged_since is not None:
        return (
            f"sync: no changes (legacy rows, target and settings as run {options.unchanged_since} left them),"
            f" nothing built, legacy times read as {options.legacy_timezone}, {seconds:.1f}s, exit {code}"
        )
    if result is None:
        return f"sync: exit {code}"
    inserted = sum(row[1] for row in result.counts)
    updated = sum(row[2] for row in result.counts)
    deleted = sum(row[3] for row in result.counts)
    rejected = sum(row[4] for row in result.reconciliation)
    outcome = "committed" if result.committed else "rolled back"
    change = "no changes" if not result.changed_rows else f"{inserted} inserted, {updated} updated, {deleted} deleted"
    return (
        f"sync: {outcome}, {change}, {rejected} legacy rows rejected,"
        f" legacy times read as {options.legacy_timezone}, {seconds:.1f}s, exit {code}"
    )

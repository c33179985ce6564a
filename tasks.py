"""nodeshot-migrate tasks: `./inv --list` (or `.venv/bin/invoke --list`).

Settings come from flags first, then environment variables
NODESHOT_MIGRATE_<SETTING> (LEGACY, TARGET, DEFAULT_LAYER, LEGACY_TIMEZONE,
AMBIGUOUS_LAYER, LOADER: see _setting), then the `migrate:` section of
invoke.yaml (see invoke.yaml.example). The README's "Environment variables"
lists every variable the tool reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import Collection, Exit, task

from nodeshot_migrate import LOCAL_DIR, PROJECT_DIR
from nodeshot_migrate.errors import EXIT_USAGE, MigrateError

ENV_PREFIX = "NODESHOT_MIGRATE_"
URL_SETTINGS = ("legacy", "target")

# Everything this tool writes (password and option files, dbt's compiled SQL
# and logs, the loaders' scratch folders) is its own user's only (issue 19).
os.umask(0o077)


def _setting(c, name: str, flag_value, default=None):
    """Flag > environment variable > invoke.yaml `migrate.<name>` > default."""
    if flag_value not in (None, ""):
        if name in URL_SETTINGS and _has_password(str(flag_value)):
            print(
                f"warning: the --{name} URL holds a password, which every local user can read in the process"
                f" list (ps): put the URL in the environment ({ENV_PREFIX}{name.upper()}) or in invoke.yaml",
                file=sys.stderr,
            )
        return flag_value
    env_value = os.environ.get(ENV_PREFIX + name.upper())
    if env_value not in (None, ""):
        return env_value
    section = c.config.get("migrate", {}) or {}
    value = section.get(name)
    return default if value in (None, "") else value


def _layer(value) -> int | None:
    if value is None or str(value).lower() in ("none", "null", "false", "discard"):
        return None
    if str(value).isdigit():
        return int(value)
    raise MigrateError(f"--default-layer must be a layer id or 'none', got {value!r}", EXIT_USAGE)


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return ":" in url.partition("://")[2].partition("@")[0]


def _guard(fn):
    """Turn MigrateError, and any database error, into a one-line message
    (every known password redacted) and its exit code; no traceback, which
    would print URLs and passwords into a cron log."""
    import psycopg

    from nodeshot_migrate.errors import EXIT_ERROR, redact

    try:
        return fn()
    except MigrateError as exc:
        print(f"error: {redact(exc.message)}", file=sys.stderr)
        raise Exit(code=exc.exit_code) from None
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"error: database error: {redact(first)}", file=sys.stderr)
        raise Exit(code=EXIT_ERROR) from None


@task(
    help={
        "target": "nodeshot 1.x database, postgresql://USER:PASS@HOST:PORT/DB (must be empty)",
    }
)
def init_target(c, target=None):
    """Create the nodeshot 1.x schema, extensions and initial data in an EMPTY database.

    Real sites already have this schema (nodeshot's own migrations); the demo
    and the tests use this to get one. The DDL is in sql/target/.
    """
    from nodeshot_migrate.migrate import init_target as run_init
    from nodeshot_migrate.urls import TargetDatabase

    _guard(lambda: run_init(TargetDatabase.parse(_setting(c, "target", target))))


@task(help={"nodeshot": "folder with nodeshot 1.x's build-stack.sh and manage.sh (default ../shared/nodeshot-1x)"})
def target_sql(c, nodeshot=None):
    """Regenerate sql/target/020_schema.sql and 030_initial_data.sql from nodeshot 1.x itself.

    Builds the nodeshot 1.x stack (Python 2.7, Django 1.8), runs its
    `manage.py migrate` and `loaddata initial_data` on an empty PostGIS
    database of the private cluster and dumps the result. Review the diff
    and commit it: init-target runs these files.
    """
    from nodeshot_migrate.cluster import Cluster
    from nodeshot_migrate.nodeshot import build_stack, write_target_sql

    def go():
        build_stack(nodeshot)
        for path in write_target_sql(Cluster().start(), nodeshot=nodeshot):
            print(f"target-sql: wrote {path.relative_to(PROJECT_DIR)}")

    _guard(go)


@task(
    help={
        "legacy": "nodeshot 0.9 database: a dump or SQLite file, mysql://, postgresql:// or sqlite:/// URL",
        "target": "nodeshot 1.x database: postgresql://USER:PASS@HOST:PORT/DB",
        "loader": "pgloader (default), client (legacy client -> COPY) or fdw (MySQL only, mysql_fdw;"
        " needs a superuser target role)",
    }
)
def load(c, legacy=None, target=None, loader=None):
    """Copy the legacy tables into schema legacy_raw of the target, nothing else.

    Never writes to the legacy database nor to any schema but legacy_raw.
    Fails, with the loader's own message, if a single row was refused or
    if the rows stored differ from the legacy row counts.
    """
    import contextlib

    from nodeshot_migrate.legacy.load import load_legacy
    from nodeshot_migrate.migrate import restored_dump
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    def go():
        source = LegacySource.parse(_setting(c, "legacy", legacy))
        with contextlib.ExitStack() as stack:
            if source.kind == "dump":
                source = stack.enter_context(restored_dump(source, None, False, print))
            report = load_legacy(
                source,
                TargetDatabase.parse(_setting(c, "target", target)),
                str(_setting(c, "loader", loader, "pgloader")),
            )
        print("loaded: " + ", ".join(f"{t} {n}" for t, n in report.rows.items()) + f" in {report.seconds:.1f}s")

    _guard(go)


MIGRATE_HELP = {
    "legacy": "nodeshot 0.9 database: a mysqldump file (.sql, .sql.gz, .sql.xz; - reads standard input), a"
    " SQLite file, mysql://USER:PASS@HOST:PORT/DB, postgresql://USER:PASS@HOST:PORT/DB or sqlite:///abs/path.db;"
    " a file is recognised by its content",
    "legacy_database": "with a dump of several databases (--all-databases): the one to migrate (by default the"
    " only one that has nodeshot_node)",
    "keep_legacy": "keep the database a dump was restored into, and the private MariaDB, for another run"
    " (its mysql:// URL is printed)",
    "target": "nodeshot 1.x database: postgresql://USER:PASS@HOST:PORT/DB",
    "default_layer": "layer id for nodes in no layer area (default 1); 'none' rejects them",
    "legacy_timezone": "time zone of the naive legacy datetimes (default UTC, as the reference read them)",
    "ambiguous_layer": "node covered by several layers: default (default layer), smallest, or reject",
    "dry_run": "run everything, print the counts, then ROLLBACK (exit code 3)",
    "skip_load": "reuse the legacy_raw copy of the previous load",
    "wait": "wait for a migration already running on the target instead of failing (exit 5)",
    "loader": "how legacy rows reach legacy_raw: pgloader (default), client (the legacy engine's client"
    " streaming into COPY, faster) or fdw (MySQL only, mysql_fdw on the target, fastest; needs a"
    " superuser target role, checked before anything runs)",
    "fix_double_encoding": "repair text that went through the wrong character set ('Ã©' -> 'é');"
    " without it such values migrate as they are, listed in migration.notices",
    "no_links": "do not migrate links (NODESHOT_OLDIMPORTER_IMPORT_LINKS = False); they are counted as not migrated",
    "rebuild": "build and apply even when the legacy rows, the target and the settings are exactly what the"
    " last committed run left (by default such a run stops after the load and reports no changes)",
    "gate_first": "the whole gate first: every data test before the apply starts (slower: by default the tests"
    " that read only the build's own tables run beside the apply, and it commits only if they all pass)",
    "report": "write the run's HTML report here (default .local/reports/<database>-<run id, or what and when>.html)",
}


def _options(c, args: dict, **fixed):
    """MigrateOptions from the arguments migrate and sync share (`args`:
    the task's own locals()), the URLs and settings through _setting;
    `fixed` are what differ between the two tasks."""
    from nodeshot_migrate.migrate import MigrateOptions
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    return MigrateOptions(
        legacy=LegacySource.parse(_setting(c, "legacy", args["legacy"])),
        target=TargetDatabase.parse(_setting(c, "target", args["target"])),
        default_layer=_layer(_setting(c, "default_layer", args["default_layer"], 1)),
        legacy_timezone=str(_setting(c, "legacy_timezone", args["legacy_timezone"], "UTC")),
        ambiguous_layer=str(_setting(c, "ambiguous_layer", args["ambiguous_layer"], "default")),
        loader=str(_setting(c, "loader", args["loader"], "pgloader")),
        dry_run=args["dry_run"],
        skip_load=args["skip_load"],
        wait_for_lock=args["wait"],
        import_links=not args["no_links"],
        fix_double_encoding=args["fix_double_encoding"],
        rebuild=args["rebuild"],
        gate_first=args["gate_first"],
        legacy_database=args["legacy_database"],
        keep_legacy=args["keep_legacy"],
        report_path=Path(args["report"]) if args["report"] else None,
        **fixed,
    )


@task(
    help={
        **MIGRATE_HELP,
        "yes": "do not ask for confirmation (the reference's --noinput)",
        "print_sql": "write the compiled apply SQL this run executes, step by step, to this file ('-': stdout)",
        "verbose": "print each loaded table's, dbt's and the data tests' lines too (by default they go to the log"
        " file only)",
    }
)
def migrate(
    c,
    legacy=None,
    target=None,
    default_layer=None,
    legacy_timezone=None,
    ambiguous_layer=None,
    dry_run=False,
    yes=False,
    skip_load=False,
    wait=False,
    no_links=False,
    loader=None,
    fix_double_encoding=False,
    rebuild=False,
    gate_first=False,
    legacy_database=None,
    keep_legacy=False,
    print_sql=None,
    report=None,
    verbose=False,
):
    """Migrate a nodeshot 0.9 database into nodeshot 1.x: load, dbt build, apply in ONE transaction.

    Exit codes: 0 committed, 3 dry run rolled back, 4 declined at the
    prompt, 5 another run holds the lock, 10 load failed, 11 dbt build or a
    data test failed, 12 apply failed (rolled back), 14 the proof before
    COMMIT failed (rolled back), 2 bad settings, 20-27 a pre-flight check
    failed (27: a legacy dump file is truncated or did not restore).
    Nothing is written unless the exit code is 0.
    Re-running it updates only the rows earlier runs created (ledger).
    """
    from nodeshot_migrate.console import Console, apply_step_count, log_path
    from nodeshot_migrate.migrate import migrate as run_migrate
    from nodeshot_migrate.preflight import LEGACY_TABLES

    args = dict(locals())

    def go():
        options = _options(c, args, assume_yes=yes, print_sql=print_sql)
        # one line per stage (bars on a terminal), dbt's lines to a log file (issue 22)
        console = Console(log_path(options.target.dbname), verbose=verbose, apply_steps=apply_step_count(),
                          load_tables=len(LEGACY_TABLES))
        try:
            return run_migrate(options, echo=console)
        finally:
            console.close()

    code = _guard(go)
    if code:
        raise Exit(code=code)


@task(
    help={
        "target": MIGRATE_HELP["target"],
        "output": "file to write the SQL to (default '-': stdout)",
        "legacy": "the legacy database a run would name in migration.runs (optional; only its display is used)",
        "legacy_timezone": MIGRATE_HELP["legacy_timezone"],
        "dry_run": "the SQL of a dry run (ids numbered past max(id), no sequence touched)",
        "wait": MIGRATE_HELP["wait"],
    }
)
def show_apply(c, target=None, output="-", legacy=None, legacy_timezone=None, dry_run=False, wait=False):
    """Write the apply SQL a run on this target would execute, step by step, with the real step numbers.

    dbt compiles analyses/apply/*.sql (the apply plan of docs/apply-plan.md)
    against the target, which needs the marts of an earlier build (`migrate
    --dry-run`); nothing is executed. `migrate --print-sql FILE` writes what
    the run itself executes.
    """
    from nodeshot_migrate.showapply import show_apply as compile_apply
    from nodeshot_migrate.showapply import write_sql
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    def go():
        legacy_url = _setting(c, "legacy", legacy)
        dbt_vars = {
            "dry_run": bool(dry_run),
            "wait_for_lock": bool(wait),
            "legacy_timezone": str(_setting(c, "legacy_timezone", legacy_timezone, "UTC")),
            **({"legacy_source": LegacySource.parse(legacy_url).display} if legacy_url else {}),
        }
        write_sql(compile_apply(TargetDatabase.parse(_setting(c, "target", target)), dbt_vars), output)

    _guard(go)


@task(help={**MIGRATE_HELP, "verbose": "print the whole migration output, not only the summary line"})
def sync(
    c,
    legacy=None,
    target=None,
    default_layer=None,
    legacy_timezone=None,
    ambiguous_layer=None,
    dry_run=False,
    skip_load=False,
    wait=False,
    no_links=False,
    loader=None,
    fix_double_encoding=False,
    rebuild=False,
    gate_first=False,
    legacy_database=None,
    keep_legacy=False,
    verbose=False,
    report=None,
):
    """Periodic sync for cron or a systemd timer: `migrate --yes`, one summary line, exit code per outcome.

    Updates the rows earlier runs created when their legacy row changed,
    adds new legacy rows, deletes the importer's rows whose legacy row
    vanished; never touches rows the site created. A run with no legacy
    change writes nothing and says "no changes"; when the target and the
    settings did not change either, it stops after the load (no build).
    """
    import time

    from nodeshot_migrate.migrate import migrate as run_migrate
    from nodeshot_migrate.migrate import one_line_summary

    args = dict(locals())

    def go():
        options = _options(c, args, assume_yes=True, report_kind="sync")
        started = time.monotonic()
        try:
            code = run_migrate(options, echo=print if verbose else (lambda _line: None))
        except Exception:
            if options.report_written:  # a failed run's report says what failed
                print(f"sync: failed, report {options.report_written}", file=sys.stderr)
            raise
        report_note = f", report {options.report_written}" if options.report_written else ""
        print(one_line_summary(options, code, time.monotonic() - started) + report_note)
        return code

    code = _guard(go)
    if code:
        raise Exit(code=code)


@task(
    help={
        "run": "run id (see: select * from migration.runs)",
        "target": "nodeshot 1.x database: postgresql://USER:PASS@HOST:PORT/DB",
        "dry_run": "show what would be deleted, then roll back",
    }
)
def forget(c, run, target=None, dry_run=False):
    """Remove everything one run created (from the ledger), with Django's cascades, in one transaction.

    Rows the run only updated, and rows the site created, stay. A profile
    the run created is kept (and reported) while it owns nodes that remain.
    """
    from nodeshot_migrate.sync import forget as run_forget
    from nodeshot_migrate.urls import TargetDatabase

    code = _guard(lambda: run_forget(TargetDatabase.parse(_setting(c, "target", target)), int(run), dry_run=dry_run))
    if code:
        raise Exit(code=code)


@task(
    help={
        "target": "nodeshot 1.x database: postgresql://USER:PASS@HOST:PORT/DB",
        "run": "run id (default: the last committed run; see: select * from migration.runs)",
        "report": "write the report here (default .local/reports/<database>-<run id>.html)",
    }
)
def report(c, target=None, run=None, report=None):
    """Write the HTML report of a run again from the database: header, reconciliation, rejects, notices, map.

    The header comes from migration.runs (options and stage times when the
    run recorded them); the tables and the map from the last build's tables
    (migration.*, migration_work.*), which a later dry run or failed run
    replaces: the report says so. One self-contained file, no server needed.
    """
    from nodeshot_migrate.report import report_from_database
    from nodeshot_migrate.urls import TargetDatabase

    def go():
        path = report_from_database(
            TargetDatabase.parse(_setting(c, "target", target)), int(run) if run else None,
            Path(report) if report else None,
        )
        print(f"report: {path}")

    _guard(go)


@task(
    help={
        "target": "nodeshot 1.x database: postgresql://USER:PASS@HOST:PORT/DB",
        "keep_details": "keep the detail text of migration.rejects and migration.notices (it quotes legacy"
        " values: emails, names)",
    }
)
def purge(c, target=None, keep_details=False):
    """Remove the legacy copy of personal data from the target, in one transaction.

    Drops schema legacy_raw (the copy of the legacy tables) and dbt's work
    schemas and tables (migration_*, the marts). Keeps the ledger, the runs,
    the reconciliation, and the rejects and notices by entity, legacy id and
    rule (their detail too with --keep-details). A later migrate or sync
    loads and builds everything again.
    """
    from nodeshot_migrate.purge import purge as run_purge
    from nodeshot_migrate.urls import TargetDatabase

    _guard(lambda: run_purge(TargetDatabase.parse(_setting(c, "target", target)), keep_details=keep_details))


@task(
    help={
        "target": "the migrated nodeshot 1.x database, postgresql://USER:PASS@HOST:PORT/DB",
        "nodeshot": "a nodeshot 1.x installation: the site's Django project folder (manage.py), or nodeshot's"
        " tool folder (build-stack.sh; default ../shared/nodeshot-1x, whose stack is built first)",
        "accept": "one more accepted failure, PART:WHAT[:TEXT] (repeatable)",
        "strict": "do not accept the deviations that docs/deviations.md documents",
        "no_api": "skip the read-API GETs (about a third of the time)",
    },
    iterable=["accept"],
)
def verify_nodeshot(c, target=None, nodeshot=None, accept=None, strict=False, no_api=False):
    """Run nodeshot 1.x's own validation over a migrated database; print what fails.

    full_clean() of every row the importer wrote (and the rows nodeshot's
    signals would have), the invariants nodeshot's code relies on (interface
    child rows, primary email, notification and participation rows,
    sequences) and GETs on the read API, all in one transaction that is
    rolled back. Failures that docs/deviations.md documents print as
    ACCEPTED and do not count. Exit 0: none left; 1: failures; 2: cannot run.
    """
    _verify_nodeshot(_setting(c, "target", target), nodeshot, accept, strict, no_api)


def _verify_nodeshot(target_url, nodeshot=None, accept=None, strict=False, no_api=False):
    """verify-nodeshot on a URL the task already holds (the demo's: no flag,
    so no warning about a password in the process list, where it is not)."""
    from nodeshot_migrate.urls import TargetDatabase
    from nodeshot_migrate.verify import verify_nodeshot as run_verify

    def go():
        done = run_verify(
            TargetDatabase.parse(target_url), nodeshot,
            accept=list(accept or []), with_deviations=not strict, api=not no_api,
        )
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode:
            raise Exit(code=done.returncode)

    _guard(go)


@task(
    help={
        "legacy": "the nodeshot 0.9 database, mysql://USER:PASS@HOST:PORT/DB (nodeshot's importer reads MySQL only)",
        "layers": "SQL that adds the layers to both targets (default sql/fixtures/reference_target_layers.sql)",
        "default_layer": "the default layer id, for both importers (default 5, the reference scenario's)",
    }
)
def compare_reference(c, legacy, layers=None, default_layer=5):
    """Run nodeshot's own import_old_nodeshot and this project on the same legacy database; diff the outputs.

    Two fresh targets in the private cluster (init-target + the layers);
    every table the importers write is compared row by row on what is the
    same in both (legacy ids, emails), and every table's row count. Each
    difference must be explained in docs/deviations.md. Exit 1 if any.
    """
    from nodeshot_migrate.cluster import Cluster
    from nodeshot_migrate.compare import REFERENCE_LAYERS, compare_with_reference, summary
    from nodeshot_migrate.nodeshot import build_stack
    from nodeshot_migrate.urls import LegacySource

    def go():
        build_stack()
        reference, project, differences = compare_with_reference(
            Cluster().start(), LegacySource.parse(legacy),
            layers=Path(layers) if layers else REFERENCE_LAYERS, default_layer=int(default_layer),
        )
        print("\n".join(summary(reference, project)))
        print("\n".join(differences) or "no difference in the rows the importers write")
        print(f"reference importer's output: {reference.display}\nthe project's output: {project.display}")
        if differences:
            raise Exit(code=1)

    _guard(go)


@task(
    help={
        "keep": "leave the private PostgreSQL cluster running afterwards (default: yes; --no-keep stops it)",
        "verify": "then run verify-nodeshot on the result (nodeshot 1.x from ../shared/nodeshot-1x)",
        "source": "the form of the sample map: sqlite (default: a SQLite file built from sql/demo) or dump (the"
        " bundled mysqldump sql/demo/sample_legacy_mysql.sql.gz, restored into a private MariaDB)",
    }
)
def demo(c, keep=True, verify=False, source="sqlite"):
    """Migrate the bundled sample nodeshot 0.9 map into a fresh nodeshot 1.x database.

    Starts a private PostgreSQL+PostGIS cluster in .local/pg, builds the
    sample legacy database (SQLite, .local/demo/legacy.db; with --source
    dump, the same map as a mysqldump), creates a nodeshot 1.x schema with
    sample layers and statuses, and runs the migration. The printed URL lets
    you look at the result with psql.
    """
    from nodeshot_migrate.cluster import Cluster
    from nodeshot_migrate.console import Console, apply_step_count, log_path
    from nodeshot_migrate.demo import DEMO_DB, run_demo
    from nodeshot_migrate.preflight import LEGACY_TABLES

    def go():
        console = Console(log_path(DEMO_DB), apply_steps=apply_step_count(), load_tables=len(LEGACY_TABLES))
        try:
            return run_demo(echo=console, source=source)
        finally:
            console.close()

    _guard(go)
    if verify:
        _verify_nodeshot(Cluster().url(DEMO_DB))
    if not keep:
        Cluster().stop()


@task
def sample_dump(c):
    """Regenerate sql/demo/sample_legacy_mysql.sql.gz: the demo's sample map as a mysqldump (private MariaDB)."""
    from nodeshot_migrate.demo import write_sample_dump

    _guard(lambda: write_sample_dump())


@task(help={"fix": "let sqlfluff and ruff fix what they can"})
def lint(c, fix=False):
    """Lint the SQL (sqlfluff: models, macros, analyses, tests) and the Python (ruff)."""
    command = "fix" if fix else "lint"
    with c.cd(str(PROJECT_DIR)):
        # one process per core: linting the project alone took 4-5 minutes
        c.run(f"{sys.executable} -m sqlfluff {command} --processes 0 models macros analyses tests", pty=False)
        ruff = Path(sys.executable).with_name("ruff")
        c.run(f"{ruff} check {'--fix ' if fix else ''}nodeshot_migrate benchmark tests tasks.py", pty=False)


@task(
    help={
        "k": "only run the tests matching this pytest expression",
        "no_lint": "skip sqlfluff and ruff",
        "workers": "pytest processes running tests side by side (default 2; 1 runs them one by one)",
        "thorough": "the larger profile of the generative dirty-data test: more examples, SQLite and MariaDB"
        " (sets NODESHOT_MIGRATE_THOROUGH=1; about half an hour more)",
    }
)
def test(c, k=None, no_lint=False, workers=2, thorough=False):
    """Run the whole test suite: lint (sqlfluff, ruff), then pytest (tests/unit, then tests/e2e).

    pytest runs dbt build with its data and unit tests against real
    PostgreSQL+PostGIS, MariaDB and SQLite servers it starts itself. Two
    workers by default (pytest-xdist): a test spends much of its time in
    dbt's own Python, one core each; the tests sharing a module's migration
    stay together on one worker.
    """
    workers = int(workers)
    if workers < 1:
        raise Exit("--workers must be 1 or more", code=EXIT_USAGE)
    if not no_lint:
        lint(c)
    selection = f" -k {k!r}" if k else ""
    parallel = f" -n {workers} --dist loadgroup --no-loadscope-reorder" if workers > 1 else ""
    env = {"NODESHOT_MIGRATE_THOROUGH": "1"} if thorough else {}
    with c.cd(str(PROJECT_DIR)):
        # the slowest tests are listed at the end: CI has a time budget
        c.run(
            f"{sys.executable} -m pytest tests/unit tests/e2e{parallel}{selection} --durations=40", pty=False, env=env
        )


@task(
    help={
        "scale": "S0 (~1,000 nodes, smoke), S1 (20,000 nodes) or S2 (200,000 nodes)",
        "source": "legacy engine to generate the map in: mariadb (default) or sqlite; dump: in MariaDB, then handed"
        " to the runs as a gzipped mysqldump (their stage restore times the restore)",
        "json_out": "also write the result as JSON to this file",
        "loader": "loader of the migration runs: pgloader (default), client or fdw (see migrate --help)",
    }
)
def bench(c, scale="S0", source="mariadb", json_out=None, loader="pgloader"):
    """Benchmark a full migration of a synthetic community map against the copy floor.

    Generates the legacy map inside the database (SQL, no Python rows),
    measures load / dbt build / apply / report, the peak memory of every
    process, and the floor measured in the same run on the same data (plain
    parallel copy + one INSERT ... SELECT per target table). Prints a table
    and JSON; fails if the result does not reconcile, never on timings.
    """
    from benchmark.run import run_bench

    _guard(lambda: run_bench(scale=scale, source=source, json_out=json_out, loader=loader))


@task
def cluster_stop(c):
    """Stop the private PostgreSQL cluster and MariaDB server started by demo/test/bench."""
    from nodeshot_migrate.cluster import Cluster
    from nodeshot_migrate.mariadb import MariaDB

    if (LOCAL_DIR / "pg" / "data").exists():
        Cluster().stop()
    if (LOCAL_DIR / "mariadb" / "mysqld.pid").exists():
        MariaDB().stop()


namespace = Collection(
    init_target, load, migrate, sync, forget, purge, report, demo, lint, test, bench, cluster_stop,
    target_sql, verify_nodeshot, compare_reference, sample_dump, show_apply,
)
namespace.configure({"run": {"echo": True}})

"""Fixtures for the end-to-end tests: real PostgreSQL+PostGIS, MariaDB and SQLite.

The private servers are the same ones `invoke demo` uses (.local/pg,
.local/mariadb); they are installed by ./inv and started here on demand.
Every test gets its own freshly created target database.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from nodeshot_migrate import PROJECT_DIR, SQL_DIR
from nodeshot_migrate.cluster import Cluster
from nodeshot_migrate.demo import build_sqlite, run_psql_file
from nodeshot_migrate.mariadb import MariaDB
from nodeshot_migrate.migrate import MigrateOptions, init_target, migrate
from nodeshot_migrate.procs import which
from nodeshot_migrate.urls import LegacySource, TargetDatabase

FIXTURES = SQL_DIR / "fixtures"
_counter = itertools.count(1)
# Under pytest-xdist (`./inv test` runs two workers) every worker names its
# databases apart: "" when pytest runs alone, "gw0_", "gw1_", ... otherwise.
_WORKER = f"{os.environ['PYTEST_XDIST_WORKER']}_" if os.environ.get("PYTEST_XDIST_WORKER") else ""


# Modules whose work units (a group, or a single test) take the longest, in
# that order: the workers start with them, and the short tests fill the end
# (with the longest last, one worker would run on alone for minutes).
_LONGEST_FIRST = {
    name: rank for rank, name in enumerate([
        "test_transactions", "test_bad_inputs_property", "test_bad_inputs", "test_entities_edge_cases",
        "test_reference_users_nodes", "test_entities_reference", "test_sync", "test_sync_cascades",
    ])
}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the markers
def pytest_collection_modifyitems(config, items):
    """Keep the tests that share a module-scoped fixture (a migration built
    once for the whole module, per legacy engine) on one xdist worker:
    `--dist loadgroup` sends each group whole to a worker and spreads the
    other tests one by one. A group is the module and the values of its
    parametrised module fixtures, so that the sqlite and the mariadb
    scenario of a module can still run side by side. Without xdist the
    marker does nothing."""
    items.sort(key=lambda item: _LONGEST_FIRST.get(item.module.__name__, len(_LONGEST_FIRST)))
    for item in items:
        module_fixtures = [
            name for name, definitions in item._fixtureinfo.name2fixturedefs.items()
            if definitions[-1].scope == "module"
        ]
        if not module_fixtures:
            continue
        params = item.callspec.params if hasattr(item, "callspec") else {}
        values = sorted(f"{name}={params[name]}" for name in module_fixtures if name in params)
        item.add_marker(pytest.mark.xdist_group(":".join([item.module.__name__, *values])))


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    return Cluster().start()


@pytest.fixture(scope="session")
def mariadb() -> MariaDB:
    return MariaDB().start()


@pytest.fixture
def new_target(cluster: Cluster, request) -> Callable[..., TargetDatabase]:
    """new_target(layers='reference_target_layers.sql') -> an initialised nodeshot 1.x database."""

    def make(layers: str | None = "reference_target_layers.sql") -> TargetDatabase:
        name = f"t_{request.node.name[:30].lower()}_{_WORKER}{next(_counter)}"
        return _build_target(cluster, "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name), layers)

    return make


@pytest.fixture
def legacy_sqlite(tmp_path: Path) -> Callable[..., LegacySource]:
    """legacy_sqlite('reference_legacy.sql', ...) -> a SQLite legacy database with those rows."""

    def make(*fixture_files: str, name: str = "legacy.db") -> LegacySource:
        return _build_sqlite_legacy(tmp_path / name, fixture_files)

    return make


def sqlite_exec(legacy: LegacySource, statements: str) -> None:
    """Change a SQLite legacy database (the tests' stand-in for the old site)."""
    subprocess.run([which("sqlite3", "sqlite3"), "-bail", legacy.database], input=statements, text=True, check=True)


@pytest.fixture
def legacy_mysql(mariadb: MariaDB, request) -> Callable[..., LegacySource]:
    """legacy_mysql('reference_legacy.sql', ...) -> a MariaDB legacy database with those rows."""

    def make(*fixture_files: str) -> LegacySource:
        return _build_mariadb_legacy(mariadb, f"legacy_{_WORKER}{next(_counter)}", fixture_files)

    return make


@pytest.fixture(params=["sqlite", "mariadb"])
def legacy_factory(request) -> Callable[..., LegacySource]:
    """The same legacy rows, once in SQLite and once in MariaDB."""
    if request.param == "sqlite":
        return request.getfixturevalue("legacy_sqlite")
    return request.getfixturevalue("legacy_mysql")


def _build_target(cluster: Cluster, name: str, layers: str | None) -> TargetDatabase:
    target = TargetDatabase.parse(cluster.recreate_database(name))
    init_target(target, echo=lambda _line: None)
    if layers:
        run_psql_file(target.url, FIXTURES / layers)
    return target


def _build_sqlite_legacy(path: Path, fixture_files: tuple[str, ...]) -> LegacySource:
    build_sqlite(path, SQL_DIR / "legacy" / "sqlite.sql", *(FIXTURES / f for f in fixture_files))
    return LegacySource.parse(f"sqlite://{path}")


def _build_mariadb_legacy(server: MariaDB, name: str, fixture_files: tuple[str, ...]) -> LegacySource:
    url = server.recreate_database(name)
    server.sql((SQL_DIR / "legacy" / "mysql.sql").read_text(), name)
    for fixture in fixture_files:
        server.sql((FIXTURES / fixture).read_text(), name)
    return LegacySource.parse(url)


def make_legacy(request, engine: str, *fixture_files: str, tag: str) -> LegacySource:
    """A legacy database for a module- or class-scoped fixture (the function-scoped
    legacy_* fixtures cannot be used there): `engine` is sqlite or mariadb, `tag`
    names the database so that parallel scenarios do not share one."""
    if engine == "sqlite":
        folder = request.getfixturevalue("tmp_path_factory").mktemp(tag)
        return _build_sqlite_legacy(folder / "legacy.db", fixture_files)
    if engine != "mariadb":
        raise ValueError(f"unknown legacy engine {engine!r}")
    return _build_mariadb_legacy(request.getfixturevalue("mariadb"), f"legacy_{_WORKER}{tag}", fixture_files)


def make_target(cluster: Cluster, tag: str, layers: str | None = "reference_target_layers.sql") -> TargetDatabase:
    """An initialised nodeshot 1.x database named after `tag` (module-scoped fixtures)."""
    return _build_target(cluster, f"t_{_WORKER}{tag}", layers)


def run_migrate(legacy: LegacySource, target: TargetDatabase, **options) -> int:
    """Run the whole pipeline as `invoke migrate --yes` would; returns the exit code."""
    options.setdefault("default_layer", 5)
    options.setdefault("assume_yes", True)
    lines: list[str] = []
    code = migrate(MigrateOptions(legacy=legacy, target=target, **options), echo=lines.append)
    run_migrate.last_output = "\n".join(lines)  # type: ignore[attr-defined]
    if code:  # shown by pytest when the test fails
        print(run_migrate.last_output)
    return code


def query(target: TargetDatabase, sql: str, params=None) -> list[tuple]:
    with psycopg.connect(target.url) as conn:
        return [tuple(row) for row in conn.execute(sql, params)]


def scalar(target: TargetDatabase, sql: str, params=None):
    rows = query(target, sql, params)
    return rows[0][0] if rows else None


def pg_dump(target: TargetDatabase, *extra: str) -> str:
    """pg_dump of the application schema (public): what a dry run must not change."""
    env = {"PGPASSWORD": target.password}
    proc = subprocess.run(
        [which("pg_dump", "postgresql-15"), "-h", target.host, "-p", str(target.port), "-U", target.user,
         "-n", "public", "--no-owner", "--restrict-key=nodeshotmigrate", *extra, target.dbname],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )
    return proc.stdout


def public_dump(target: TargetDatabase, *extra: str) -> list[str]:
    """pg_dump of schema public (DDL, rows, sequence setvals), cut into its
    objects and sorted: each object must stay byte for byte the same, their
    order is no part of the target's state. pg_dump orders objects by their
    dependencies, including those of objects in other schemas, so the views
    dbt creates in the migration_* schemas over the application tables
    reorder the (unchanged) tables of a dump."""
    return sorted(re.split(r"(?m)^(?=--\n-- )", pg_dump(target, *extra)))


def legacy_exec(legacy: LegacySource, statements: str) -> None:
    """Change the legacy database, SQLite or MariaDB (the old site going on)."""
    if legacy.kind == "sqlite":
        sqlite_exec(legacy, statements)
    else:
        MariaDB().sql(statements, legacy.database)


def legacy_exec_file(legacy: LegacySource, fixture: str) -> None:
    legacy_exec(legacy, (FIXTURES / fixture).read_text())


__all__ = [
    "PROJECT_DIR", "make_legacy", "make_target", "run_migrate", "query", "scalar", "pg_dump", "public_dump",
    "sqlite_exec", "legacy_exec", "legacy_exec_file",
]

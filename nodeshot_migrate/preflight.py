"""Pre-flight checks: problems that stop a run before anything is written.

Each check fails with a one-line reason and its own exit code (errors.py).
They read metadata only (column lists, layer validity, the status seed);
no legacy row passes through Python.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from . import PROJECT_DIR
from .errors import (
    EXIT_PREFLIGHT_LAYERS,
    EXIT_PREFLIGHT_LEGACY,
    EXIT_PREFLIGHT_STATUS,
    MigrateError,
)
from .legacy.export_postgresql import psql_argv
from .urls import LegacySource, TargetDatabase

STATUS_SEED = PROJECT_DIR / "seeds" / "status_mapping.csv"

# The nodeshot 0.9 tables the tool reads (landing tables: sql/legacy_raw.sql).
LEGACY_TABLES = (
    "auth_user",
    "nodeshot_node",
    "nodeshot_device",
    "nodeshot_hna",
    "nodeshot_interface",
    "nodeshot_link",
    "nodeshot_statistic",
    "nodeshot_contact",
)


def expected_legacy_columns(target: TargetDatabase) -> dict[str, list[str]]:
    """Columns of the landing tables (sql/legacy_raw.sql), i.e. what staging reads."""
    with psycopg.connect(target.url) as conn:
        rows = conn.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'legacy_raw' and table_name = any(%s) order by table_name, ordinal_position",
            (list(LEGACY_TABLES),),
        ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def source_columns(legacy: LegacySource, tables: list[str]) -> dict[str, list[str]]:
    """Column names of the legacy tables, read from the source's catalog."""
    if legacy.kind == "sqlite":
        query = (
            "select m.name, p.name from sqlite_master as m join pragma_table_info(m.name) as p"
            " where m.type = 'table' order by m.name, p.cid;"
        )
    elif legacy.kind == "postgresql":
        # the tables syncdb made, in the first schema of the search path (public)
        query = (
            "select table_name, column_name from information_schema.columns"
            " where table_schema = current_schema() order by table_name, ordinal_position"
        )
    else:
        if not re.fullmatch(r"[A-Za-z0-9_$-]+", legacy.database or ""):
            raise MigrateError(
                f"legacy database name {legacy.database!r} has characters the schema check does not accept"
                " - use a database name made of letters, digits, _ $ or -",
                EXIT_PREFLIGHT_LEGACY,
            )
        query = (
            "select table_name, column_name from information_schema.columns where table_schema = "  # noqa: S608
            f"'{legacy.database}' order by table_name, ordinal_position"  # the name was checked above
        )
    found: dict[str, list[str]] = {}
    for line in legacy_query(legacy, query, "read the legacy schema of"):
        if "\t" in line:
            table, column = line.split("\t", 1)
            if table in tables:
                found.setdefault(table, []).append(column)
    return found


def legacy_query(legacy: LegacySource, query: str, what: str) -> list[str]:
    """Tab-separated output lines of one read-only catalog or check query on the legacy database."""
    if legacy.kind == "sqlite":
        argv = [shutil.which("sqlite3") or "sqlite3", "-readonly", "-separator", "\t", legacy.database, query]
        env = None
        folder = None
    elif legacy.kind == "postgresql":
        folder = Path(tempfile.mkdtemp(prefix="nodeshot-migrate-check-"))
        env = {**os.environ, **legacy.libpq_env(folder)}
        argv = [*psql_argv(), "-F", "\t", "-c", query]
    else:
        client = shutil.which("mariadb") or shutil.which("mysql")
        if not client:
            raise MigrateError(
                "cannot check the legacy schema: no mariadb/mysql client (apt-get install mariadb-client)",
                EXIT_PREFLIGHT_LEGACY,
            )
        # the password in a 0600 option file, as the loaders do: not in
        # MYSQL_PWD, which other processes of the same user can read
        folder = Path(tempfile.mkdtemp(prefix="nodeshot-migrate-check-"))
        options = legacy.mysql_option_file(folder / "client.cnf")
        argv = [
            client, f"--defaults-extra-file={options}", "--protocol=tcp", "-N", "-B", "-D", legacy.database,
            "-e", query,
        ]
        env = None
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, errors="replace", env=env, check=False)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        raise MigrateError(f"cannot {what} {legacy.display}: {proc.stderr.strip()[:500]}", EXIT_PREFLIGHT_LEGACY)
    return proc.stdout.splitlines()


# Legacy columns the migration never reads and does not copy (issue 19):
# personal secrets that would otherwise sit in legacy_raw - the per-node
# password hash (bad-inputs 37: never a user password) and the e-mail
# activation key. The legacy tables have them; the landing tables do not.
NOT_COPIED = {"nodeshot_node": ("password", "activation_key")}


def check_legacy_schema(legacy: LegacySource, target: TargetDatabase) -> dict[str, list[str]]:
    """The legacy tables must have exactly the columns staging expects
    (bad-inputs 30, 31), besides the NOT_COPIED ones; returns the columns
    that are copied (table -> columns)."""
    expected = expected_legacy_columns(target)
    found = source_columns(legacy, list(expected))
    problems = []
    for table, columns in expected.items():
        if table not in found:
            problems.append(f"table {table} is missing")
            continue
        missing = [c for c in columns if c not in found[table]]
        unexpected = [c for c in found[table] if c not in columns and c not in NOT_COPIED.get(table, ())]
        if missing:
            problems.append(f"{table}: missing column(s) {', '.join(missing)}")
        if unexpected:
            problems.append(f"{table}: unexpected column(s) {', '.join(unexpected)}")
    if problems:
        raise MigrateError(
            "the legacy database is not a nodeshot 0.9 schema this tool knows: "
            + "; ".join(problems)
            + " (expected columns: sql/legacy_raw.sql)",
            EXIT_PREFLIGHT_LEGACY,
        )
    return expected


def check_layers(conn: psycopg.Connection) -> None:
    """Layer areas must be valid geometries (bad-inputs 5); never repaired silently."""
    invalid = conn.execute(
        "select layers.id, layers.name, detail.reason, st_astext(detail.location)"
        " from layers_layer as layers cross join lateral st_isvaliddetail(layers.area) as detail"
        " where not detail.valid order by layers.id"
    ).fetchall()
    if invalid:
        described = "; ".join(f"layer {i} {n!r}: {reason} at {where}" for i, n, reason, where in invalid)
        raise MigrateError(
            f"invalid layer area(s): {described} - fix the polygon in layers_layer (ST_MakeValid may return a"
            " MultiPolygon, which nodeshot refuses)",
            EXIT_PREFLIGHT_LAYERS,
        )


def status_mapping() -> dict[str, str]:
    with open(STATUS_SEED, newline="", encoding="utf-8") as fh:
        return {row["legacy_status"]: row["status_slug"] for row in csv.DictReader(fh)}


def check_status_mapping(conn: psycopg.Connection) -> None:
    """Every slug of the seed exists; every legacy status is mapped (B.1, E.24)."""
    mapping = status_mapping()
    slugs = {row[0] for row in conn.execute("select slug from nodes_status")}
    unknown = sorted({slug for slug in mapping.values() if slug not in slugs})
    if unknown:
        raise MigrateError(
            f"seeds/status_mapping.csv maps to status slug(s) {', '.join(unknown)} that nodes_status does not have"
            f" (it has: {', '.join(sorted(slugs))})",
            EXIT_PREFLIGHT_STATUS,
        )
    if "default" in mapping:
        return
    legacy_statuses = {
        row[0]
        for row in conn.execute(
            "select distinct btrim(coalesce(status, '')) from legacy_raw.nodeshot_node"
            " where btrim(coalesce(status, '')) <> 'u'"
        )
    }
    unmapped = sorted(legacy_statuses - set(mapping))
    if unmapped:
        raise MigrateError(
            f"legacy node status(es) {', '.join(map(repr, unmapped))} have no row in seeds/status_mapping.csv"
            " and there is no 'default' row",
            EXIT_PREFLIGHT_STATUS,
        )

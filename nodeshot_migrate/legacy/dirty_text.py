"""Legacy text PostgreSQL cannot store as it is (bad-inputs 21 and 22).

PostgreSQL text holds neither a NUL byte (0x00) nor bytes that are not
UTF-8. pgloader cut a SQLite value at its first NUL without a word, refused
a MariaDB row with NUL without naming it, and stopped the load on invalid
UTF-8 in SQLite; mysql_fdw cuts at a NUL silently too. So every loader
works the same way around them (load.load_legacy):

1. `scan` counts, inside the legacy database, the rows of each table that
   hold such a value (one read-only query built from the engine's exporter,
   scan_sql; only table names and counts come back to Python);
2. those tables skip the loader and are copied by the legacy engine's own
   client in "safe" mode (client.copy_tables(safe=True)): each such value
   lands, in its own row and column and in the same snapshot as the rest
   of the row, as landing.HEX_MARK followed by the hex of its bytes;
3. legacy_raw.collect_text_repairs() (sql/legacy_raw.sql, through
   landing.collect_text_repairs) moves the marked values into
   legacy_raw.text_repairs and strips their NUL bytes: a value that is
   UTF-8 then goes back into its column ('nul_bytes', listed in
   migration.notices); any other is set NULL and its row is rejected by
   the staging models ('invalid_utf8', with the column and its bytes in
   migration.rejects).

No legacy value passes through Python: the rows travel from the legacy
client's pipe to COPY, and the repair is SQL in the target.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

from ..errors import EXIT_LOAD_FAILED, MigrateError
from ..preflight import legacy_query
from ..urls import LegacySource, TargetDatabase
from .client import copy_tables, landed
from .exporters import exporter
from .landing import LANDING_SCHEMA, collect_text_repairs


def text_columns(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """The columns a dirty value can sit in: all but the integer primary key
    (names are checked, they are spliced into the legacy queries)."""
    found = {}
    for table, names in columns.items():
        for name in (table, *names):
            if not re.fullmatch(r"[a-z_0-9]+", name):
                raise MigrateError(f"unexpected legacy identifier {name!r}", EXIT_LOAD_FAILED)
        found[table] = [n for n in names if n != "id"]
    return found


def scan_sql(engine: ModuleType, columns: dict[str, list[str]]) -> str | None:
    """One query: (table, rows holding a dirty value) per table with text
    columns, in the dialect of `engine` (an exporter module); None when no
    table has one."""
    parts = []
    for table, names in text_columns(columns).items():
        if names:
            condition = " OR ".join(engine.is_dirty(n) for n in names)
            parts.append(f"SELECT '{table}', COUNT(*) FROM {engine.ident(table)} WHERE {condition}")  # noqa: S608
    return " UNION ALL ".join(parts) + ";" if parts else None


def scan(legacy: LegacySource, columns: dict[str, list[str]]) -> dict[str, int]:
    """table -> number of its legacy rows holding a value PostgreSQL text
    cannot store (tables without one are left out)."""
    query = scan_sql(exporter(legacy), columns)
    if query is None:
        return {}
    found = {}
    for line in legacy_query(legacy, query, "look for NUL bytes and invalid UTF-8 in"):
        table, _, count = line.partition("\t")
        if count.strip().isdigit() and int(count) > 0:
            found[table] = int(count)
    return found


def copy_dirty_tables(
    legacy: LegacySource,
    target: TargetDatabase,
    dirty: dict[str, int],
    *,
    echo: Callable[[str], None] = print,
) -> dict[str, int]:
    """Copy the `dirty` tables into legacy_raw with their dirty values set
    aside and repaired (see the module docstring); return problem -> values."""
    tables = tuple(dirty)
    echo(
        "load: "
        + ", ".join(f"{table} {count}" for table, count in dirty.items())
        + " row(s) hold NUL bytes or invalid UTF-8; those tables go through the legacy client,"
        " which sets such values aside (NUL bytes are stripped, invalid UTF-8 rejects its row)"
    )
    copy_tables(legacy, target, LANDING_SCHEMA, tables=tables, safe=True, on_done=landed(echo))
    found = collect_text_repairs(target, tables)
    echo("load: " + ", ".join(f"{count} value(s) {problem}" for problem, count in found.items()))
    return found

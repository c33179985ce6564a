"""The landing of the legacy tables: schema legacy_raw of the target.

sql/legacy_raw.sql gives it its shape: one table per legacy table, the
primary key typed and every other column text, so that no loader can round,
truncate or refuse a value on the way (the dbt staging models type them).
This module creates or empties those tables, reads their columns, moves
the values the client exports set aside (HEX_MARK) into
legacy_raw.text_repairs, and counts what landed. It knows no legacy engine
and no loader.
"""

from __future__ import annotations

import hashlib

import psycopg
from psycopg import sql

from .. import SQL_DIR
from ..errors import EXIT_LOAD_FAILED, MigrateError
from ..preflight import LEGACY_TABLES
from ..urls import TargetDatabase

# How a value PostgreSQL text cannot hold (NUL bytes, invalid UTF-8) lands
# in the safe mode of the client exports: U+FFFF (a Unicode noncharacter,
# never text a form produced), a tag, then the hex of the value's bytes.
# The exporters spell it in each engine's SQL; collect_text_repairs() below
# hands it to legacy_raw.collect_text_repairs (sql/legacy_raw.sql).
HEX_MARK = "\uffffnsm-hex:"
HEX_TAG = HEX_MARK[1:]

LANDING_SCHEMA = "legacy_raw"


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


def landing_columns(target: TargetDatabase, schema: str, tables: tuple[str, ...]) -> dict[str, list[str]]:
    """table -> its column names in order, for tables `schema.<table>` of the target (all must exist)."""
    with psycopg.connect(target.url) as conn:
        rows = conn.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = %s and table_name = any(%s) order by table_name, ordinal_position",
            (schema, list(tables)),
        ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    missing = [t for t in tables if t not in columns]
    if missing:
        raise MigrateError(f"no landing table {schema}.{', '.join(missing)} in the target", EXIT_LOAD_FAILED)
    return columns


def collect_text_repairs(target: TargetDatabase, tables: tuple[str, ...]) -> dict[str, int]:
    """Move the HEX_MARK values of `tables` into legacy_raw.text_repairs
    (sql/legacy_raw.sql repairs or nulls them); return problem -> values."""
    with psycopg.connect(target.url) as conn:
        conn.execute("select legacy_raw.collect_text_repairs(%s, %s)", (list(tables), HEX_MARK))
        return dict(
            conn.execute(
                "select problem, count(*) from legacy_raw.text_repairs group by problem order by problem"
            ).fetchall()
        )


def table_landed(table: str, rows: int) -> str:
    """The line a driver echoes as each table lands in legacy_raw (only its
    count): console.Console turns these into the load's progress bar."""
    return f"load: {table} {rows} rows"


def count_rows(target: TargetDatabase, tables: tuple[str, ...]) -> dict[str, int]:
    """table -> rows in legacy_raw.<table>."""
    counted = {}
    with psycopg.connect(target.url) as conn:
        for table in tables:
            query = sql.SQL("select count(*) from {}").format(sql.Identifier(LANDING_SCHEMA, table))
            counted[table] = int(conn.execute(query).fetchone()[0])
    return counted

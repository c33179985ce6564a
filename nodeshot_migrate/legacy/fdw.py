"""Driver `--loader fdw`: PostgreSQL itself reads a MySQL / MariaDB legacy
database through mysql_fdw.

The legacy tables are foreign tables whose columns are all text (the id
bigint), filled into legacy_raw two INSERT ... SELECT at a time; the
fastest path (about ten times pgloader) and byte-for-byte the same
legacy_raw as pgloader on the benchmark map. It needs the mysql_fdw
extension on the TARGET server and the right to create it and a foreign
server (superuser, or an existing extension plus USAGE); the server, user
mapping and foreign tables live in a private schema dropped at the end.
Caveats, hence not the default: mysql_fdw cuts a text value at a NUL byte
without an error (which is why a table holding one never takes this path,
see dirty_text.py), and in our tests a bytea-typed foreign column with a
200 kB value made a scan return no rows at all (the row count check
catches it). The row count of each foreign table is compared with the
rows inserted; a difference fails the load with EXIT_LOAD_FAILED.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

from ..errors import EXIT_LOAD_FAILED, EXIT_USAGE, MigrateError
from ..preflight import LEGACY_TABLES, NOT_COPIED
from ..urls import LegacySource, TargetDatabase
from .client import LOAD_ORDER, TableCopy, in_parallel, landed
from .landing import LANDING_SCHEMA, landing_columns


def require_fdw_privileges(target: TargetDatabase) -> None:
    """--loader fdw creates a foreign server and a user mapping holding the
    legacy password, and sets logging options to keep it out of the server
    log: all of which needs a superuser target role."""
    with psycopg.connect(target.url, connect_timeout=10) as conn:
        is_super = conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0]
    if not is_super:
        raise MigrateError(
            f"--loader fdw needs a superuser target role ({target.user} is not one): mysql_fdw's server and user"
            " mapping are created for the run - use --loader client or pgloader with a non-superuser role",
            EXIT_USAGE,
        )


FDW_SCHEMA = "nodeshot_migrate_fdw"
FDW_SERVER = "nodeshot_migrate_legacy"


@contextmanager
def mysql_foreign_tables(
    legacy: LegacySource, target: TargetDatabase, columns: dict[str, list[str]] | None, *, create_extension: bool = True
) -> Iterator[str]:
    """Foreign tables for the legacy tables in a private schema; yields the schema.

    `columns`: table -> column names, declared text (id bigint) like the
    landing tables; None imports the legacy types (IMPORT FOREIGN SCHEMA).
    Everything is dropped on the way out, the extension excepted.
    """
    parts = urlsplit(legacy.url)
    ssl_ca = legacy.fdw_ssl_ca  # refuses TLS settings mysql_fdw cannot honour, before anything is created
    with psycopg.connect(target.url, autocommit=True) as conn:
        if create_extension:
            conn.execute("create extension if not exists mysql_fdw")
        conn.execute(sql.SQL("drop server if exists {} cascade").format(sql.Identifier(FDW_SERVER)))
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(FDW_SCHEMA)))
        server_options = [
            sql.SQL("host {}").format(sql.Literal(parts.hostname or "localhost")),
            sql.SQL("port {}").format(sql.Literal(str(parts.port or 3306))),
        ]
        if ssl_ca:  # mysql_fdw then connects with TLS, the certificate checked against that CA
            server_options.append(sql.SQL("ssl_ca {}").format(sql.Literal(ssl_ca)))
        conn.execute(
            sql.SQL("create server {} foreign data wrapper mysql_fdw options ({})").format(
                sql.Identifier(FDW_SERVER), sql.SQL(", ").join(server_options)
            )
        )
        # The password is in this statement's text: keep it out of the server
        # log (log_statement = ddl or all, slow-statement and error logging).
        # Settable by a superuser only, which --loader fdw needs anyway.
        quiet = {"log_statement": "none", "log_min_duration_statement": "-1", "log_min_error_statement": "panic"}
        for name, value in quiet.items():
            conn.execute("select set_config(%s, %s, false)", (name, value))
        conn.execute(
            sql.SQL("create user mapping for current_user server {} options (username {}, password {})").format(
                sql.Identifier(FDW_SERVER),
                sql.Literal(unquote(parts.username or "")),
                sql.Literal(unquote(parts.password or "")),
            )
        )
        for name in quiet:
            conn.execute(sql.SQL("reset {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("create schema {}").format(sql.Identifier(FDW_SCHEMA)))
        try:
            if columns is None:
                conn.execute(
                    sql.SQL("import foreign schema {} limit to ({}) from server {} into {}").format(
                        sql.Identifier(legacy.database),
                        sql.SQL(", ").join(sql.Identifier(t) for t in LEGACY_TABLES),
                        sql.Identifier(FDW_SERVER),
                        sql.Identifier(FDW_SCHEMA),
                    )
                )
            else:
                for table, names in columns.items():
                    conn.execute(
                        sql.SQL("create foreign table {} ({}) server {} options (dbname {}, table_name {})").format(
                            sql.Identifier(FDW_SCHEMA, table),
                            sql.SQL(", ").join(
                                sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL("bigint" if n == "id" else "text"))
                                for n in names
                            ),
                            sql.Identifier(FDW_SERVER),
                            sql.Literal(legacy.database),
                            sql.Literal(table),
                        )
                    )
            yield FDW_SCHEMA
        finally:
            conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(FDW_SCHEMA)))
            conn.execute(sql.SQL("drop server if exists {} cascade").format(sql.Identifier(FDW_SERVER)))


def fdw_copy_one(target: TargetDatabase, schema: str, table: str, statement: sql.Composable) -> TableCopy:
    started = time.monotonic()
    try:
        with psycopg.connect(target.url) as conn:
            conn.execute("set application_name = 'nodeshot-migrate fastload'")
            copied = conn.execute(statement).rowcount
            legacy_rows = conn.execute(
                sql.SQL("select count(*) from {}").format(sql.Identifier(FDW_SCHEMA, table))
            ).fetchone()[0]
    except psycopg.Error as exc:
        raise MigrateError(
            f"load failed, nothing was migrated: {table}: {exc.diag.message_primary or exc}", EXIT_LOAD_FAILED
        ) from exc
    if copied != legacy_rows:
        raise MigrateError(
            f"load failed, nothing was migrated: {table}: {legacy_rows} rows in the legacy table but {copied} copied",
            EXIT_LOAD_FAILED,
        )
    return TableCopy(table, int(legacy_rows), int(copied), time.monotonic() - started)


def fdw_copy_tables(
    legacy: LegacySource,
    target: TargetDatabase,
    schema: str,
    *,
    tables: tuple[str, ...] = LOAD_ORDER,
    workers: int = 2,
    typed: bool = False,
    on_done: Callable[[TableCopy], None] | None = None,
) -> list[TableCopy]:
    """MySQL -> `schema.<table>` of the target through mysql_fdw, `workers` tables at a time.

    typed=False: into existing all-text landing tables (columns by name).
    typed=True: CREATE TABLE schema.<table> AS the foreign table with the
    legacy types (IMPORT FOREIGN SCHEMA) - the benchmark floor; the columns a
    migration never copies (preflight.NOT_COPIED) are left out there too, so
    that the floor copies what the real load copies. `on_done` sees each
    table's copy as it ends (in the calling thread).
    """
    if legacy.kind != "mysql":
        raise MigrateError("the mysql_fdw loader reads MySQL / MariaDB only", EXIT_USAGE)
    columns = None if typed else landing_columns(target, schema, tables)
    with mysql_foreign_tables(legacy, target, columns) as fdw_schema:
        imported = landing_columns(target, fdw_schema, tables) if typed else {}
        statements = {}
        for table in tables:
            source = sql.Identifier(fdw_schema, table)
            if typed:
                kept = [n for n in imported[table] if n not in NOT_COPIED.get(table, ())]
                statements[table] = sql.SQL("create table {} as select {} from {}").format(
                    sql.Identifier(schema, table), sql.SQL(", ").join(sql.Identifier(n) for n in kept), source
                )
            else:
                names = sql.SQL(", ").join(sql.Identifier(n) for n in columns[table])
                statements[table] = sql.SQL("insert into {} ({}) select {} from {}").format(
                    sql.Identifier(schema, table), names, names, source
                )
        return in_parallel(
            [lambda t=t: fdw_copy_one(target, schema, t, statements[t]) for t in tables], workers, on_done
        )


def copy_clean(
    legacy: LegacySource, target: TargetDatabase, tables: tuple[str, ...], *, workers: int, echo: Callable[[str], None]
) -> dict[str, int]:
    """The driver's step of load.load_legacy: `tables` into legacy_raw; table -> rows copied."""
    echo(f"load: copying {legacy.display} into legacy_raw (mysql_fdw, {workers} at a time) ...")
    copies = fdw_copy_tables(legacy, target, LANDING_SCHEMA, tables=tables, workers=workers, on_done=landed(echo))
    return {c.table: c.copied_rows for c in copies}

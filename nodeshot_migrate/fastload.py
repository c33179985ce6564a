"""A faster loader for legacy_raw: the legacy database's own client streams
every table straight into PostgreSQL's COPY, two tables at a time.

Same contract as load.py (pgloader, the default; this is `--loader client`
or `--loader fdw`):

* the landing tables are load.py's (sql/legacy_raw.sql: primary key typed,
  everything else text), so no value is rounded, truncated or refused on
  the way; staging types them;
* only `legacy_raw` is written; the legacy database is only read, inside one
  read-only transaction per table;
* nothing is lost silently: the row count of each table is read in the same
  legacy transaction (same snapshot) as its rows, and compared with the
  rows COPY stored; a difference, an export error or a COPY error fails the
  load with EXIT_LOAD_FAILED and the tool's own message.

How the rows travel (no row is parsed by Python, which only moves 1 MiB
buffers from a pipe to the COPY stream):

* MySQL / MariaDB: the `mariadb` (or `mysql`) command-line client in
  `--batch --raw --quick` mode runs a SELECT that renders each row as one
  line of PostgreSQL COPY text format (NULL -> \\N; backslash, tab, newline,
  carriage return escaped by the server with REPLACE). Only the client is
  needed on this machine: no extension on the target, no file on the legacy
  host, works against a remote server with a read-only account.
* SQLite: the `sqlite3` shell in -csv mode (NULL unquoted-empty, '' quoted),
  reals rendered with quote(), SQLite's exact round-trip form (the shell's
  own CSV rendering keeps only 15 significant digits).
* MySQL / MariaDB through mysql_fdw (method "fdw"): PostgreSQL itself reads
  the legacy tables through foreign tables whose columns are all text (the
  id bigint), two INSERT ... SELECT at a time; the fastest path (about ten
  times pgloader) and byte-for-byte the same legacy_raw as pgloader on the
  benchmark map. It needs the mysql_fdw extension on the TARGET server and
  the right to create it and a foreign server (superuser, or an existing
  extension plus USAGE); the server, user mapping and foreign tables live in
  a private schema dropped at the end. Caveats, hence not the default:
  mysql_fdw cuts a text value at a NUL byte without an error (which is why
  a table holding one never takes this path, see dirty_text.py), and in our
  tests a bytea-typed foreign column with a 200 kB value made a scan return
  no rows at all (the row count check catches it).

Whatever the method, a table holding a value PostgreSQL text cannot store
(NUL bytes, invalid UTF-8) is copied by the client in "safe" mode instead:
dirty_text.py.

The same exporters fill the benchmark's floor tables (bench.py), which is
why `copy_tables` takes a destination schema.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from .errors import EXIT_LOAD_FAILED, EXIT_USAGE, MigrateError
from .load import LoadReport
from .preflight import LEGACY_TABLES, NOT_COPIED
from .procs import which
from .urls import LegacySource, TargetDatabase

CHUNK = 1 << 20

# Largest first, so that the two workers finish together.
LOAD_ORDER = (
    "nodeshot_interface",
    "nodeshot_link",
    "nodeshot_device",
    "nodeshot_node",
    "nodeshot_contact",
    "nodeshot_hna",
    "auth_user",
    "nodeshot_statistic",
)


@dataclass
class TableCopy:
    table: str
    legacy_rows: int
    copied_rows: int
    seconds: float


def _mysql_literal_ident(name: str) -> str:
    if "`" in name:
        raise MigrateError(f"unexpected backtick in identifier {name!r}", EXIT_USAGE)
    return f"`{name}`"


def _sqlite_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- MySQL / MariaDB ---------------------------------------------------------

# One COPY text field: NULL -> \N, and the four characters COPY treats
# specially escaped. CHAR(n USING utf8mb4) instead of '\\' literals so that
# the server's sql_mode (NO_BACKSLASH_ESCAPES) cannot change the meaning.
_BS = "CHAR(92 USING utf8mb4)"


# What a value PostgreSQL text cannot hold lands as in the safe mode of the
# client exports: U+FFFF (a Unicode noncharacter, never text a form
# produced), a tag, then the hex of the value's bytes. The exports below
# spell it in each engine's SQL, and dirty_text hands it to
# legacy_raw.collect_text_repairs (sql/legacy_raw.sql), which recognises it.
HEX_MARK = "\uffffnsm-hex:"
_HEX_TAG = HEX_MARK[1:]


def _mysql_field(column: str, safe: bool = False) -> str:
    col = f"CAST({_mysql_literal_ident(column)} AS CHAR CHARACTER SET utf8mb4)"
    if safe and column != "id":
        # a value PostgreSQL cannot hold lands as HEX_MARK + the hex of its
        # bytes, in the same snapshot as its row (dirty_text.py)
        hexed = f"HEX(CONVERT({_mysql_literal_ident(column)} USING utf8mb4))"
        col = f"IF({mysql_dirty(column)}, CONCAT(CHAR(0xEFBFBF USING utf8mb4), '{_HEX_TAG}', {hexed}), {col})"
    escaped = col
    for code, letter in ((92, None), (9, "t"), (10, "n"), (13, "r")):
        replacement = f"CONCAT({_BS}, {_BS})" if letter is None else f"CONCAT({_BS}, '{letter}')"
        escaped = f"REPLACE({escaped}, CHAR({code} USING utf8mb4), {replacement})"
    return f"IFNULL({escaped}, CONCAT({_BS}, 'N'))"


def mysql_dirty(column: str) -> str:
    """True for a MySQL value PostgreSQL text cannot hold: one with a NUL
    byte (a utf8/latin1 column cannot hold invalid UTF-8)."""
    return f"INSTR({_mysql_literal_ident(column)}, CHAR(0)) > 0"


def mysql_script(count_sql: str, rows_sql: str) -> str:
    """The row count, then the rows, read in one consistent read-only snapshot."""
    return (
        "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;\n"
        f"{count_sql};\n"
        f"{rows_sql};\n"
        "COMMIT;\n"
    )


def mysql_export_sql(table: str, columns: list[str], safe: bool = False) -> str:
    fields = ", ".join(_mysql_field(c, safe) for c in columns)
    t = _mysql_literal_ident(table)
    # identifiers quoted by _mysql_literal_ident
    count_sql = f"SELECT COUNT(*) FROM {t}"  # noqa: S608
    return mysql_script(count_sql, f"SELECT CONCAT_WS(CHAR(9 USING utf8mb4), {fields}) FROM {t}")  # noqa: S608


def _mysql_client() -> str:
    try:
        return which("mariadb", "apt-get install mariadb-client")
    except MigrateError:
        return which("mysql", "apt-get install mariadb-client (or mysql-client)")


class _MysqlSource:
    copy_format = "text"

    def __init__(self, legacy: LegacySource, workdir: Path) -> None:
        self.database = legacy.database
        self.client = _mysql_client()
        # credentials in a 0600 option file, never on the command line
        self.defaults = legacy.mysql_option_file(workdir / "client.cnf")

    def argv(self) -> list[str]:
        return [
            self.client, f"--defaults-extra-file={self.defaults}", "--protocol=tcp",
            "--batch", "--raw", "--quick", "--skip-column-names", "--default-character-set=utf8mb4",
            self.database,
        ]

    def run_script(self, script: str) -> subprocess.Popen:
        proc = subprocess.Popen(self.argv(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdin is not None
        proc.stdin.write(script.encode())
        proc.stdin.close()
        return proc

    def export(self, table: str, columns: list[str], safe: bool = False) -> subprocess.Popen:
        return self.run_script(mysql_export_sql(table, columns, safe))


# -- SQLite ------------------------------------------------------------------


# Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above
# U+10FFFF) over the hex() of a value, two hex digits per byte.
_UTF8_HEX = (
    "^([0-7][0-9A-F]"
    "|C[2-9A-F][89AB][0-9A-F]|D[0-9A-F][89AB][0-9A-F]"
    "|E0[AB][0-9A-F][89AB][0-9A-F]|E[1-9A-CEF][89AB][0-9A-F][89AB][0-9A-F]|ED[89][0-9A-F][89AB][0-9A-F]"
    "|F0[9AB][0-9A-F][89AB][0-9A-F][89AB][0-9A-F]|F[1-3][89AB][0-9A-F][89AB][0-9A-F][89AB][0-9A-F]"
    "|F48[0-9A-F][89AB][0-9A-F][89AB][0-9A-F])*$"
)


def sqlite_dirty(column: str) -> str:
    """True for a SQLite value PostgreSQL text cannot hold: a NUL byte, or
    bytes that are not UTF-8 (SQLite stores whatever it is given). The GLOB
    (any character outside 0x01-0x7F) keeps the slow REGEXP of the sqlite3
    shell for values that are not plain ASCII."""
    c = _sqlite_ident(column)
    return (
        f"(typeof({c}) IN ('text', 'blob') AND (instr(CAST({c} AS BLOB), x'00') > 0"
        f" OR (CAST({c} AS TEXT) GLOB '*[^' || char(1) || '-' || char(127) || ']*'"
        f" AND NOT hex({c}) REGEXP '{_UTF8_HEX}')))"
    )


def _sqlite_hexed(column: str) -> str:
    """The CASE branch of the safe mode: HEX_MARK + hex of the bytes."""
    c = _sqlite_ident(column)
    return f"WHEN {sqlite_dirty(column)} THEN char({ord(HEX_MARK[0])}) || '{_HEX_TAG}' || hex(CAST({c} AS BLOB)) "


def sqlite_script(count_sql: str, rows_sql: str) -> str:
    """The row count, then the rows, in one read transaction."""
    return f"BEGIN;\n{count_sql};\n{rows_sql};\nCOMMIT;\n"


def sqlite_export_sql(table: str, columns: list[str], safe: bool = False) -> str:
    fields = ", ".join(
        f"CASE {_sqlite_hexed(c) if safe and c != 'id' else ''}"
        f"WHEN typeof({_sqlite_ident(c)}) = 'real' THEN quote({_sqlite_ident(c)})"
        f" WHEN typeof({_sqlite_ident(c)}) = 'blob' THEN CAST({_sqlite_ident(c)} AS TEXT) ELSE {_sqlite_ident(c)} END"
        for c in columns
    )
    t = _sqlite_ident(table)
    # identifiers quoted by _sqlite_ident
    return sqlite_script(f"SELECT count(*) FROM {t}", f"SELECT {fields} FROM {t}")  # noqa: S608


class _SqliteSource:
    copy_format = "csv"

    def __init__(self, legacy: LegacySource, workdir: Path) -> None:
        legacy.check_readable()
        self.path = legacy.database
        self.sqlite3 = which("sqlite3", "apt-get install sqlite3")

    def run_script(self, script: str) -> subprocess.Popen:
        argv = [self.sqlite3, "-readonly", "-batch", "-bail", "-csv", "-noheader", "-newline", "\n", self.path]
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdin is not None
        proc.stdin.write(script.encode())
        proc.stdin.close()
        return proc

    def export(self, table: str, columns: list[str], safe: bool = False) -> subprocess.Popen:
        return self.run_script(sqlite_export_sql(table, columns, safe))


# -- the copy ----------------------------------------------------------------


def landing_columns(target: TargetDatabase, schema: str, tables: tuple[str, ...]) -> dict[str, list[str]]:
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


def _copy_one(
    source, target: TargetDatabase, schema: str, table: str, columns: list[str], freeze: bool, *, safe: bool = False
) -> TableCopy:
    started = time.monotonic()
    proc = source.export(table, columns, safe)
    assert proc.stdout is not None and proc.stderr is not None
    stderr_chunks: list[bytes] = []
    drain = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    drain.start()
    copied = -1
    legacy_rows = -1
    error: str | None = None
    try:
        first = proc.stdout.readline()
        if first.strip().isdigit():
            legacy_rows = int(first.strip())
            options = [sql.SQL("format {}").format(sql.SQL(source.copy_format))]
            if freeze:
                options.append(sql.SQL("freeze true"))
            copy_sql = sql.SQL("copy {} ({}) from stdin ({})").format(
                sql.Identifier(schema, table),
                sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                sql.SQL(", ").join(options),
            )
            with psycopg.connect(target.url) as conn:
                conn.execute("set application_name = 'nodeshot-migrate fastload'")
                if freeze:
                    # FREEZE needs the table emptied in this transaction
                    conn.execute(sql.SQL("truncate {}").format(sql.Identifier(schema, table)))
                with conn.cursor() as cur:
                    with cur.copy(copy_sql) as copy:
                        while chunk := proc.stdout.read(CHUNK):
                            copy.write(chunk)
                    copied = cur.rowcount
        else:
            error = first.decode(errors="replace").strip() or "no row count from the legacy client"
    except psycopg.Error as exc:
        error = f"COPY into {schema}.{table} failed: {exc.diag.message_primary or exc}"
        proc.kill()
    finally:
        proc.stdout.close()
        code = proc.wait()
        drain.join(timeout=10)
    stderr = b"".join(stderr_chunks).decode(errors="replace").strip()
    if error is None and code != 0:
        error = f"the legacy client exited with {code}: {stderr[-2000:]}"
    if error is None and copied != legacy_rows:
        error = f"{legacy_rows} rows in the legacy table but {copied} copied"
    if error:
        raise MigrateError(
            f"load failed, nothing was migrated: {table}: {error}"
            + (f"\n{stderr[-2000:]}" if stderr and stderr not in error else ""),
            EXIT_LOAD_FAILED,
        )
    return TableCopy(table, legacy_rows, copied, time.monotonic() - started)


def _in_parallel(copies: list[Callable[[], TableCopy]], workers: int) -> list[TableCopy]:
    """Run the table copies `workers` at a time; every copy runs to its end,
    then the first failure (if any) is raised."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(copy) for copy in copies]
        results: list[TableCopy] = []
        failure: MigrateError | None = None
        for future in futures:
            try:
                results.append(future.result())
            except MigrateError as exc:
                failure = failure or exc
    if failure:
        raise failure
    return results


def copy_tables(
    legacy: LegacySource,
    target: TargetDatabase,
    schema: str,
    *,
    tables: tuple[str, ...] = LOAD_ORDER,
    workers: int = 2,
    freeze: bool = True,
    safe: bool = False,
) -> list[TableCopy]:
    """Copy `tables` of the legacy database into existing tables `schema.<table>` of the target.

    safe=True lands every value PostgreSQL text cannot hold (NUL bytes,
    invalid UTF-8) as HEX_MARK + the hex of its bytes instead of failing
    the COPY (see dirty_text.py)."""
    columns = landing_columns(target, schema, tables)
    with legacy_client(legacy) as source:
        return _in_parallel(
            [lambda t=t: _copy_one(source, target, schema, t, columns[t], freeze, safe=safe) for t in tables],
            workers,
        )


@contextmanager
def legacy_client(legacy: LegacySource) -> Iterator[_MysqlSource | _SqliteSource]:
    """The legacy engine's command-line client, its credentials in a private directory."""
    if legacy.kind not in ("mysql", "sqlite"):
        raise MigrateError(f"cannot fast-load a {legacy.kind} legacy source", EXIT_USAGE)
    with tempfile.TemporaryDirectory(prefix="nsm-fastload-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o700)
        yield _MysqlSource(legacy, workdir) if legacy.kind == "mysql" else _SqliteSource(legacy, workdir)


# -- MySQL through mysql_fdw ---------------------------------------------------

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
    from urllib.parse import unquote, urlsplit

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


def _fdw_copy_one(target: TargetDatabase, schema: str, table: str, statement: sql.Composable) -> TableCopy:
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
) -> list[TableCopy]:
    """MySQL -> `schema.<table>` of the target through mysql_fdw, `workers` tables at a time.

    typed=False: into existing all-text landing tables (columns by name).
    typed=True: CREATE TABLE schema.<table> AS the foreign table with the
    legacy types (IMPORT FOREIGN SCHEMA) - the benchmark floor; the columns a
    migration never copies (preflight.NOT_COPIED) are left out there too, so
    that the floor copies what the real load copies.
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
        return _in_parallel([lambda t=t: _fdw_copy_one(target, schema, t, statements[t]) for t in tables], workers)


def fastload(
    legacy: LegacySource,
    target: TargetDatabase,
    *,
    method: str = "client",
    workers: int = 2,
    echo: Callable[[str], None] = print,
) -> LoadReport:
    """Drop-in alternative to load.load(): legacy tables -> legacy_raw, or MigrateError.

    method "client" (MySQL or SQLite: the legacy engine's own client streams
    into COPY) or "fdw" (MySQL only, through mysql_fdw on the target server).
    """
    if method not in ("client", "fdw"):
        raise MigrateError(f"unknown fast-load method {method!r} (client or fdw)", EXIT_USAGE)
    started = time.monotonic()
    from .dirty_text import copy_dirty_tables, prepare_load

    dirty = prepare_load(legacy, target)
    ordered = tuple(t for t in LOAD_ORDER if t in LEGACY_TABLES and t not in dirty)
    copies: list[TableCopy] = []
    if ordered and method == "fdw":
        echo(f"load: copying {legacy.display} into legacy_raw (mysql_fdw, {workers} at a time) ...")
        copies = fdw_copy_tables(legacy, target, "legacy_raw", tables=ordered, workers=workers)
    elif ordered:
        echo(f"load: copying {legacy.display} into legacy_raw (client -> COPY, {workers} at a time) ...")
        copies = copy_tables(legacy, target, "legacy_raw", tables=ordered, workers=workers)
    if dirty:
        copy_dirty_tables(legacy, target, dirty, echo=echo)
    report = LoadReport(source=legacy.display, seconds=time.monotonic() - started)
    by_table = {c.table: c.copied_rows for c in copies}
    with psycopg.connect(target.url) as conn:
        for table in dirty:
            query = sql.SQL("select count(*) from {}").format(sql.Identifier("legacy_raw", table))
            by_table[table] = int(conn.execute(query).fetchone()[0])
    report.rows = {t: by_table[t] for t in LEGACY_TABLES}
    return report

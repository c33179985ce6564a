"""Exporter for a MySQL / MariaDB legacy database: the SQL that reads it,
and its command-line client.

The `mariadb` (or `mysql`) client in `--batch --raw --quick` mode runs a
SELECT that renders each row as one line of PostgreSQL COPY text format
(NULL -> \\N; backslash, tab, newline, carriage return escaped by the
server with REPLACE), after the table's row count, both in one consistent
read-only snapshot. Only the client is needed on this machine: no
extension on the target, no file on the legacy host, works against a
remote server with a read-only account. No row is parsed by Python.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_USAGE, MigrateError
from ..procs import which
from ..urls import LegacySource
from .landing import HEX_TAG
from .legacy_process import ScriptClient

# COPY's own backslash, spelled CHAR(92 USING utf8mb4) instead of a '\\'
# literal so that the server's sql_mode (NO_BACKSLASH_ESCAPES) cannot change
# the meaning.
BACKSLASH = "CHAR(92 USING utf8mb4)"

COPY_FORMAT = "text"


def ident(name: str) -> str:
    """A MySQL identifier, backtick-quoted (a name holding a backtick is refused)."""
    if "`" in name:
        raise MigrateError(f"unexpected backtick in identifier {name!r}", EXIT_USAGE)
    return f"`{name}`"


def is_dirty(column: str) -> str:
    """True for a MySQL value PostgreSQL text cannot hold: one with a NUL
    byte (a utf8/latin1 column cannot hold invalid UTF-8)."""
    return f"INSTR({ident(column)}, CHAR(0)) > 0"


def copy_field(column: str, safe: bool = False) -> str:
    """One COPY text field: NULL -> \\N, and the four characters COPY treats
    specially escaped. safe=True: a value PostgreSQL cannot hold lands as
    landing.HEX_MARK + the hex of its bytes, in the same snapshot as its row."""
    value = f"CAST({ident(column)} AS CHAR CHARACTER SET utf8mb4)"
    if safe and column != "id":
        hexed = f"HEX(CONVERT({ident(column)} USING utf8mb4))"
        value = f"IF({is_dirty(column)}, CONCAT(CHAR(0xEFBFBF USING utf8mb4), '{HEX_TAG}', {hexed}), {value})"
    for code, letter in ((92, None), (9, "t"), (10, "n"), (13, "r")):
        replacement = f"CONCAT({BACKSLASH}, {BACKSLASH})" if letter is None else f"CONCAT({BACKSLASH}, '{letter}')"
        value = f"REPLACE({value}, CHAR({code} USING utf8mb4), {replacement})"
    return f"IFNULL({value}, CONCAT({BACKSLASH}, 'N'))"


def snapshot_script(count_sql: str, rows_sql: str) -> str:
    """The row count, then the rows, read in one consistent read-only snapshot."""
    return (
        "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;\n"
        f"{count_sql};\n"
        f"{rows_sql};\n"
        "COMMIT;\n"
    )


def export_sql(table: str, columns: list[str], safe: bool = False) -> str:
    """The script that prints `table`'s row count, then its rows as COPY text lines."""
    fields = ", ".join(copy_field(c, safe) for c in columns)
    t = ident(table)
    # identifiers quoted by ident()
    count_sql = f"SELECT COUNT(*) FROM {t}"  # noqa: S608
    return snapshot_script(count_sql, f"SELECT CONCAT_WS(CHAR(9 USING utf8mb4), {fields}) FROM {t}")  # noqa: S608


def client_program() -> str:
    try:
        return which("mariadb", "apt-get install mariadb-client")
    except MigrateError:
        return which("mysql", "apt-get install mariadb-client (or mysql-client)")


class MysqlClient(ScriptClient):
    """The legacy server's command-line client, its credentials in `workdir`."""

    copy_format = COPY_FORMAT

    def __init__(self, legacy: LegacySource, workdir: Path) -> None:
        self.database = legacy.database
        self.client = client_program()
        # credentials in a 0600 option file, never on the command line
        self.defaults = legacy.mysql_option_file(workdir / "client.cnf")

    def argv(self) -> list[str]:
        return [
            self.client, f"--defaults-extra-file={self.defaults}", "--protocol=tcp",
            "--batch", "--raw", "--quick", "--skip-column-names", "--default-character-set=utf8mb4",
            self.database,
        ]

    def export_script(self, table: str, columns: list[str], safe: bool) -> str:
        return export_sql(table, columns, safe)

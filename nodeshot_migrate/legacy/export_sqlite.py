"""Exporter for a SQLite legacy database: the SQL that reads it, and the
`sqlite3` shell that runs it.

The shell runs in -csv mode (NULL unquoted-empty, '' quoted), the row count
first and the rows after it in one read transaction; reals are rendered
with quote(), SQLite's exact round-trip form (the shell's own CSV rendering
keeps only 15 significant digits). No row is parsed by Python.
"""

from __future__ import annotations

from pathlib import Path

from ..procs import which
from ..urls import LegacySource
from .landing import HEX_MARK, HEX_TAG
from .legacy_process import ScriptClient

COPY_FORMAT = "csv"

# Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above
# U+10FFFF) over the hex() of a value, two hex digits per byte.
UTF8_HEX = (
    "^([0-7][0-9A-F]"
    "|C[2-9A-F][89AB][0-9A-F]|D[0-9A-F][89AB][0-9A-F]"
    "|E0[AB][0-9A-F][89AB][0-9A-F]|E[1-9A-CEF][89AB][0-9A-F][89AB][0-9A-F]|ED[89][0-9A-F][89AB][0-9A-F]"
    "|F0[9AB][0-9A-F][89AB][0-9A-F][89AB][0-9A-F]|F[1-3][89AB][0-9A-F][89AB][0-9A-F][89AB][0-9A-F]"
    "|F48[0-9A-F][89AB][0-9A-F][89AB][0-9A-F])*$"
)


def ident(name: str) -> str:
    """A SQLite identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def is_dirty(column: str) -> str:
    """True for a SQLite value PostgreSQL text cannot hold: a NUL byte, or
    bytes that are not UTF-8 (SQLite stores whatever it is given). The GLOB
    (any character outside 0x01-0x7F) keeps the slow REGEXP of the sqlite3
    shell for values that are not plain ASCII."""
    c = ident(column)
    return (
        f"(typeof({c}) IN ('text', 'blob') AND (instr(CAST({c} AS BLOB), x'00') > 0"
        f" OR (CAST({c} AS TEXT) GLOB '*[^' || char(1) || '-' || char(127) || ']*'"
        f" AND NOT hex({c}) REGEXP '{UTF8_HEX}')))"
    )


def copy_field(column: str, safe: bool = False) -> str:
    """One CSV field: reals in their round-trip form, blobs as text.
    safe=True: a value PostgreSQL cannot hold lands as landing.HEX_MARK +
    the hex of its bytes."""
    c = ident(column)
    hexed = ""
    if safe and column != "id":
        hexed = f"WHEN {is_dirty(column)} THEN char({ord(HEX_MARK[0])}) || '{HEX_TAG}' || hex(CAST({c} AS BLOB)) "
    return (
        f"CASE {hexed}WHEN typeof({c}) = 'real' THEN quote({c})"
        f" WHEN typeof({c}) = 'blob' THEN CAST({c} AS TEXT) ELSE {c} END"
    )


def snapshot_script(count_sql: str, rows_sql: str) -> str:
    """The row count, then the rows, in one read transaction."""
    return f"BEGIN;\n{count_sql};\n{rows_sql};\nCOMMIT;\n"


def export_sql(table: str, columns: list[str], safe: bool = False) -> str:
    """The script that prints `table`'s row count, then its rows as CSV lines."""
    fields = ", ".join(copy_field(c, safe) for c in columns)
    t = ident(table)
    # identifiers quoted by ident()
    return snapshot_script(f"SELECT count(*) FROM {t}", f"SELECT {fields} FROM {t}")  # noqa: S608


class SqliteClient(ScriptClient):
    """The sqlite3 shell over the legacy file, read-only."""

    copy_format = COPY_FORMAT

    def __init__(self, legacy: LegacySource, workdir: Path) -> None:
        legacy.check_readable()
        self.path = legacy.database
        self.sqlite3 = which("sqlite3", "apt-get install sqlite3")

    def argv(self) -> list[str]:
        return [self.sqlite3, "-readonly", "-batch", "-bail", "-csv", "-noheader", "-newline", "\n", self.path]

    def export_script(self, table: str, columns: list[str], safe: bool) -> str:
        return export_sql(table, columns, safe)

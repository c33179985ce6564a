"""Exporter for a nodeshot 0.9 that ran on PostgreSQL: the SQL that reads
it, and `psql`, the client that runs it.

Django 1.4's `syncdb` made typed columns there (boolean, timestamp with
time zone, double precision, inet). Each value is exported as its JSON
text (`to_json(value) #>> '{}'`), one form every type has and staging
reads: booleans `true`/`false`, times in ISO 8601 with their offset (the
session is put in UTC: a timestamptz is an instant, so the run's
`--legacy-timezone` does not apply to it), doubles in their shortest exact
form, addresses as PostgreSQL prints them. psql prints the row count, then
`COPY (…) TO STDOUT` streams the rows in PostgreSQL's own text format, both
in one read-only repeatable-read transaction. No row is parsed by Python.

A PostgreSQL text value is always one PostgreSQL can store: nothing here
is ever "dirty" (dirty_text.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..procs import which
from ..urls import LegacySource
from .legacy_process import ScriptClient

COPY_FORMAT = "text"
HINT = "apt-get install postgresql-client-15"


def ident(name: str) -> str:
    """A PostgreSQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def is_dirty(column: str) -> str:
    """Never: PostgreSQL text holds no NUL byte and no invalid UTF-8."""
    return "false"


def copy_field(column: str, safe: bool = False) -> str:
    """One field as its JSON text (NULL stays NULL); `safe` changes nothing."""
    return f"to_json({ident(column)}) #>> '{{}}'"


def snapshot_script(count_sql: str, rows_sql: str) -> str:
    """The row count, then the rows (COPY TO STDOUT), in one read-only snapshot."""
    return (
        "\\set ON_ERROR_STOP on\n"
        "set timezone = 'UTC';\n"
        "begin isolation level repeatable read read only;\n"
        f"{count_sql};\n"
        f"copy ({rows_sql}) to stdout;\n"
        "commit;\n"
    )


def export_sql(table: str, columns: list[str], safe: bool = False) -> str:
    """The script that prints `table`'s row count, then its rows in COPY text format."""
    fields = ", ".join(copy_field(c, safe) for c in columns)
    t = ident(table)
    # identifiers quoted by ident()
    return snapshot_script(f"select count(*) from {t}", f"select {fields} from {t}")  # noqa: S608


def psql_argv() -> list[str]:
    """psql, quiet, unaligned, tuples only, reading no ~/.psqlrc."""
    return [which("psql", HINT), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]


class PostgresClient(ScriptClient):
    """psql on the legacy database, its password in a 0600 file in `workdir`."""

    copy_format = COPY_FORMAT

    def __init__(self, legacy: LegacySource, workdir: Path) -> None:
        self.env = {**os.environ, **legacy.libpq_env(workdir)}

    def argv(self) -> list[str]:
        return psql_argv()

    def environment(self) -> dict[str, str]:
        return self.env

    def export_script(self, table: str, columns: list[str], safe: bool) -> str:
        return export_sql(table, columns, safe)

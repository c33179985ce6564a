"""The three loaders land the same legacy_raw (issue 6: the fast paths must
not change what the rules see).

`--loader pgloader` is the reference path; `client` (the legacy engine's
own client streaming into COPY) and `fdw` (mysql_fdw) are the fast ones the
benchmark measures. Same fixture rows (the reference scenario plus the
edge-case fixture, with its quotes, backslashes, newlines and unicode), same
text in every column of every table.
"""

from __future__ import annotations

import math

import pytest
from conftest import query

from nodeshot_migrate.errors import EXIT_USAGE, MigrateError
from nodeshot_migrate.legacy.load import load_legacy
from nodeshot_migrate.preflight import LEGACY_TABLES

FIXTURES = ("reference_legacy.sql", "entities_edge_cases.sql")


def legacy_raw(target) -> dict[str, list[tuple]]:
    # constant table names (preflight.LEGACY_TABLES)
    return {t: query(target, f"select * from legacy_raw.{t} order by id") for t in LEGACY_TABLES}  # noqa: S608


def same_value(a, b) -> bool:
    """SQLite reals: pgloader writes Lisp doubles (41.9d0), the client SQLite's
    round-trip form (41.9); both must be the same double."""
    if a == b:
        return True
    try:
        x, y = float(str(a).replace("d", "e")), float(str(b).replace("d", "e"))
    except ValueError:
        return False
    return x == y or (math.isnan(x) and math.isnan(y))


def assert_same_tables(reference: dict, other: dict, loader: str) -> None:
    assert reference.keys() == other.keys()
    for table in reference:
        assert len(other[table]) == len(reference[table]), f"{loader}: {table} row count"
        for ref_row, row in zip(reference[table], other[table], strict=True):
            assert all(same_value(a, b) for a, b in zip(ref_row, row, strict=True)), (
                f"{loader}: {table} differs:\n  pgloader {ref_row}\n  {loader:<8} {row}"
            )


@pytest.mark.mariadb
def test_mysql_loaders_land_the_same_rows(legacy_mysql, new_target):
    legacy = legacy_mysql(*FIXTURES)
    target = new_target(layers=None)
    load_legacy(legacy, target, "pgloader", echo=lambda _line: None)
    reference = legacy_raw(target)
    assert sum(len(rows) for rows in reference.values()) > 50
    for loader in ("client", "fdw"):
        report = load_legacy(legacy, target, loader, echo=lambda _line: None)
        assert report.rows == {table: len(rows) for table, rows in reference.items()}
        # MySQL values arrive as the server's own text: byte for byte the same
        assert legacy_raw(target) == reference, loader


def test_sqlite_client_loader_lands_the_same_rows(legacy_sqlite, new_target):
    legacy = legacy_sqlite(*FIXTURES)
    target = new_target(layers=None)
    load_legacy(legacy, target, "pgloader", echo=lambda _line: None)
    reference = legacy_raw(target)
    load_legacy(legacy, target, "client", echo=lambda _line: None)
    assert_same_tables(reference, legacy_raw(target), "client")


def test_fdw_loader_refuses_a_sqlite_legacy(legacy_sqlite, new_target):
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy_sqlite("reference_legacy.sql"), new_target(layers=None), "fdw")
    assert failure.value.exit_code == EXIT_USAGE
    assert "--loader client or pgloader" in failure.value.message


def test_unknown_loader_is_a_usage_error(legacy_sqlite, new_target):
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy_sqlite("reference_legacy.sql"), new_target(layers=None), "fast")
    assert failure.value.exit_code == EXIT_USAGE

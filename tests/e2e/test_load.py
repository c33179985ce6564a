"""`invoke load`: pgloader copies the legacy tables exactly, into legacy_raw only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import psycopg
import pytest
from conftest import query, scalar, sqlite_exec

from nodeshot_migrate.errors import EXIT_PREFLIGHT_LEGACY, MigrateError
from nodeshot_migrate.legacy.load import load_legacy
from nodeshot_migrate.preflight import LEGACY_TABLES


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


DRIFT_SQL = "alter table nodeshot_node add column community text; alter table nodeshot_link drop column hide;"


def test_load_keeps_values_exact_from_sqlite(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    # Values that a default pgloader run would damage: float4 rounding of
    # reals, a tinyint-ish bool other than 0/1, a zero date, padded chars.
    sqlite_exec(
        legacy,
        "update nodeshot_node set lat = 41.90641529469319, lng = -0.000001234567890123 where id = 1;"
        "update nodeshot_link set hide = 2 where id = 1;"
        "update nodeshot_node set added = '0000-00-00 00:00:00' where id = 2;"
        "update nodeshot_interface set ipv4_address = '10.40.0.1   ' where id = 1;",
    )
    before = _sha256(legacy.database)
    target = new_target(layers=None)
    report = load_legacy(legacy, target, echo=lambda _line: None)

    assert report.rows["nodeshot_node"] == 5 and report.rows["nodeshot_interface"] == 4
    lat, lng = query(
        target,
        "select replace(lat, 'd', 'e')::double precision, replace(lng, 'd', 'e')::double precision"
        " from legacy_raw.nodeshot_node where id = 1",
    )[0]
    assert lat == 41.90641529469319
    assert lng == -0.000001234567890123
    assert scalar(target, "select hide from legacy_raw.nodeshot_link where id = 1") == "2"
    assert scalar(target, "select added from legacy_raw.nodeshot_node where id = 2") == "0000-00-00 00:00:00"
    assert scalar(target, "select ipv4_address from legacy_raw.nodeshot_interface where id = 1") == "10.40.0.1   "
    assert _sha256(legacy.database) == before, "the legacy database must never be written"


def test_load_keeps_values_exact_from_mariadb(new_target, legacy_mysql, mariadb):
    legacy = legacy_mysql("reference_legacy.sql")
    mariadb.sql(
        "set session sql_mode = '';"
        "update nodeshot_node set lat = 41.90641529469319, added = '0000-00-00 00:00:00' where id = 1;"
        "update nodeshot_link set hide = 2 where id = 1;",
        legacy.database,
    )
    target = new_target(layers=None)
    load_legacy(legacy, target, echo=lambda _line: None)
    lat = scalar(target, "select lat::double precision from legacy_raw.nodeshot_node where id = 1")
    assert lat == 41.90641529469319
    assert scalar(target, "select added from legacy_raw.nodeshot_node where id = 1") == "0000-00-00 00:00:00"
    assert scalar(target, "select hide from legacy_raw.nodeshot_link where id = 1") == "2"
    assert scalar(target, "select date_joined from legacy_raw.auth_user where id = 1") == "2013-06-18 13:36:47"


def test_load_touches_only_legacy_raw(new_target, legacy_sqlite):
    """pgloader drops what it recreates: it must not reach the site's tables."""
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    with psycopg.connect(target.url) as conn:
        # Same names as legacy tables, in other schemas: must survive.
        conn.execute("create table public.nodeshot_node (id int); insert into public.nodeshot_node values (42)")
        conn.execute("create schema other; create table other.auth_user (id int)")
        conn.execute("insert into other.auth_user values (7)")
    layers_before = scalar(target, "select count(*) from layers_layer")
    load_legacy(legacy, target, echo=lambda _line: None)
    load_legacy(legacy, target, echo=lambda _line: None)  # a reload replaces, never appends
    assert scalar(target, "select id from public.nodeshot_node") == 42
    assert scalar(target, "select id from other.auth_user") == 7
    assert scalar(target, "select count(*) from layers_layer") == layers_before
    assert scalar(target, "select count(*) from legacy_raw.nodeshot_node") == 5
    rows = query(target, "select table_name from information_schema.tables where table_schema = 'legacy_raw'")
    tables = {row[0] for row in rows}
    # the legacy tables, and the values set aside for text repair (dirty_text.py)
    assert tables == {*LEGACY_TABLES, "text_repairs"}


def test_load_fails_loudly_on_a_missing_table(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    sqlite_exec(legacy, "drop table nodeshot_contact;")
    target = new_target(layers=None)
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy, target, echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_PREFLIGHT_LEGACY
    assert "table nodeshot_contact is missing" in failure.value.message


@pytest.mark.parametrize("engine", ["sqlite", "mariadb"])
def test_load_refuses_a_drifted_legacy_schema(new_target, legacy_sqlite, legacy_mysql, mariadb, engine):
    """A nodeshot 0.9 fork with other columns: a diff, not NULLs or a pgloader crash."""
    if engine == "sqlite":
        legacy = legacy_sqlite("reference_legacy.sql")
        sqlite_exec(legacy, DRIFT_SQL)
    else:
        legacy = legacy_mysql("reference_legacy.sql")
        mariadb.sql(DRIFT_SQL, legacy.database)
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy, new_target(layers=None), echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_PREFLIGHT_LEGACY
    assert "nodeshot_link: missing column(s) hide" in failure.value.message
    assert "nodeshot_node: unexpected column(s) community" in failure.value.message


def test_load_refuses_a_file_that_is_not_sqlite(new_target, tmp_path):
    from nodeshot_migrate.errors import EXIT_USAGE
    from nodeshot_migrate.urls import LegacySource

    bogus = tmp_path / "nodeshot.db"
    bogus.write_text("not a database")
    with pytest.raises(MigrateError) as failure:
        load_legacy(LegacySource.parse(f"sqlite://{bogus}"), new_target(layers=None), echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_USAGE
    assert "not a SQLite 3 database" in failure.value.message

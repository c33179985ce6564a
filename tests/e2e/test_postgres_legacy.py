"""A nodeshot 0.9 that ran on PostgreSQL (issue 21, item 2): its tables, as
Django 1.4's syncdb made them there (sql/legacy/postgresql.sql: boolean,
timestamptz, inet ...), are read with psql's `COPY ... TO STDOUT` into the
same legacy_raw, and the reference scenario migrates to the same target
rows, ids and all, as from MariaDB. The legacy database here is another
database of the target's own server, which must work too.
"""

from __future__ import annotations

import psycopg
import pytest
from conftest import FIXTURES, SQL_DIR, make_legacy, make_target, query, run_migrate
from psycopg import sql

from nodeshot_migrate import compare
from nodeshot_migrate.errors import EXIT_PREFLIGHT_LEGACY, EXIT_USAGE, MigrateError
from nodeshot_migrate.legacy.load import load_legacy
from nodeshot_migrate.preflight import LEGACY_TABLES
from nodeshot_migrate.urls import LegacySource


def build_postgres_legacy(cluster, name: str, *fixtures: str) -> LegacySource:
    """The legacy schema for PostgreSQL, filled with the portable fixtures.
    Those write booleans as 0 and 1, which PostgreSQL does not take for a
    boolean: they are run into integer copies of the tables, then copied
    over with a cast. Times are written in UTC, as the MariaDB run reads them."""
    url = cluster.recreate_database(name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("set timezone = 'UTC'")
        conn.execute((SQL_DIR / "legacy" / "postgresql.sql").read_text())
        conn.execute("create schema fixture_rows")
        for table in LEGACY_TABLES:
            conn.execute(sql.SQL("create table fixture_rows.{} (like public.{})").format(
                sql.Identifier(table), sql.Identifier(table)))
        booleans = conn.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'fixture_rows' and data_type = 'boolean'"
        ).fetchall()
        for table, column in booleans:
            conn.execute(sql.SQL("alter table fixture_rows.{} alter column {} type integer using {}::integer").format(
                sql.Identifier(table), sql.Identifier(column), sql.Identifier(column)))
        conn.execute("set search_path = fixture_rows")
        for fixture in fixtures:
            conn.execute((FIXTURES / fixture).read_text())
        conn.execute("set search_path = public")
        for table in ("auth_user", "nodeshot_node", "nodeshot_device", "nodeshot_hna", "nodeshot_interface",
                      "nodeshot_link", "nodeshot_statistic", "nodeshot_contact"):
            columns = [c for (c,) in conn.execute(
                "select column_name from information_schema.columns where table_schema = 'public'"
                " and table_name = %s order by ordinal_position", (table,))]
            kinds = dict(conn.execute(
                "select column_name, data_type from information_schema.columns where table_schema = 'public'"
                " and table_name = %s", (table,)).fetchall())
            values = [
                sql.SQL("{}::boolean" if kinds[c] == "boolean" else "{}").format(sql.Identifier(c)) for c in columns
            ]
            conn.execute(sql.SQL("insert into public.{} ({}) select {} from fixture_rows.{}").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(values), sql.Identifier(table)))
        conn.execute("drop schema fixture_rows cascade")
    return LegacySource.parse(url)


@pytest.fixture(scope="module")
def reference_from_mariadb(request, cluster):
    legacy = make_legacy(request, "mariadb", "reference_legacy.sql", tag="pgref")
    target = make_target(cluster, "pg_ref_mariadb")
    assert run_migrate(legacy, target) == 0
    return target


@pytest.mark.mariadb
def test_the_reference_scenario_from_postgresql_migrates_like_from_mariadb(reference_from_mariadb, cluster):
    legacy = build_postgres_legacy(cluster, "legacy_pg_reference", "reference_legacy.sql")
    assert legacy.kind == "postgresql"
    target = make_target(cluster, "pg_ref_pg")
    assert run_migrate(legacy, target) == 0
    assert "COPY ... TO STDOUT" in run_migrate.last_output
    assert compare.compare(reference_from_mariadb, target) == []
    assert compare.row_counts(reference_from_mariadb) == compare.row_counts(target)
    # the times are the same instants (the session the legacy was written in was UTC)
    assert query(target, "select count(*) from nodes_node where added < '2000-01-01'") == [(0,)]


def test_a_postgresql_legacy_lands_every_row(cluster, new_target):
    # (the edge-case fixture's invalid addresses cannot exist in an inet column)
    legacy = build_postgres_legacy(cluster, "legacy_pg_land", "reference_legacy.sql")
    target = new_target(layers=None)
    report = load_legacy(legacy, target, "client", echo=lambda _line: None)
    with psycopg.connect(legacy.url) as conn:
        for table in LEGACY_TABLES:
            legacy_rows = conn.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(table))).fetchone()[0]
            assert report.rows[table] == legacy_rows, table
    assert sum(report.rows.values()) > 10
    # booleans and times arrive in forms staging reads
    assert {v for (v,) in query(target, "select is_staff from legacy_raw.auth_user")} <= {"true", "false"}
    assert query(target, "select count(*) from legacy_raw.nodeshot_node where added !~ '[+]00:00$'") == [(0,)]


def test_fdw_and_a_missing_table_are_refused(cluster, new_target):
    legacy = build_postgres_legacy(cluster, "legacy_pg_refuse")
    target = new_target(layers=None)
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy, target, "fdw", echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_USAGE
    with psycopg.connect(legacy.url, autocommit=True) as conn:
        conn.execute("drop table nodeshot_contact")
    with pytest.raises(MigrateError) as failure:
        load_legacy(legacy, target, "client", echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_PREFLIGHT_LEGACY
    assert "nodeshot_contact is missing" in failure.value.message

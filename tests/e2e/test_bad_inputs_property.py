"""Issue 16 (item 3), generative test: whole dirty legacy databases, every table.

hypothesis draws one small nodeshot 0.9 database per example
(tests/e2e/legacy_dirt.py): admins, nodes, devices, HNA routes, interfaces,
links, statistics and contacts, every column from a strategy for its type
(NULL, blanks, case and whitespace variants with tabs, NBSP and zero-width
characters, unicode and emoji in NFC and NFD, numbers as text, out-of-range
numbers, ids 0, negative and at the int4 limits, every date form, cp1252
text), with references between the tables that are valid or dangling. The
database is written into SQLite, and in the thorough profile into MariaDB
as well (INSERT IGNORE through the server, some text columns latin1). Then
`invoke migrate --yes` runs on a fresh target, and for every example:

* the run commits (exit 0);
* every legacy id the legacy database holds is accounted for exactly once:
  in its target table, merged into a profile, or in migration.rejects
  (statistics: counted as not migrated, never rejected);
* no silent change: every checked column was written as the legacy value
  (the loaded text), or a notice or reject of that row names the old value;
* a second run, built and applied again, writes nothing.

Profiles (hypothesis settings profiles, chosen by NODESHOT_MIGRATE_THOROUGH,
which `./inv test --thorough` sets):
  default   SQLite, 1 example: each example is two whole migrations (about
            a minute each on a busy 2-core machine), so few examples with
            many rows each;
  thorough  SQLite and MariaDB, 12 examples each.
Both are derandomised (a fixed seed: CI does not flake) and do not shrink
(a migration per step); a failing example is printed whole by hypothesis,
with the legacy database it wrote, and is reproduced by running the same
profile again.

Every example also holds one clean row at every level (with_clean_chain),
so that the checks on devices, interfaces, links and contacts are never
vacuous, and one row for each of issue 16's named cases that random dirt
only sometimes reaches (with_open_case_rows: a NULL cname, carla/Carla, a
name that squishes into another, a padded contact email). Dirt of a case
listed in OPEN_CASES is left out of the examples while it is open.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess

import pytest
from conftest import _build_mariadb_legacy, _build_sqlite_legacy, make_target, public_dump, query, run_migrate
from hypothesis import HealthCheck, Phase, given, note, settings
from legacy_dirt import (
    TABLE_ORDER,
    legacy_databases,
    mysql_script,
    with_clean_chain,
    with_open_case_rows,
    write_sqlite,
)

from nodeshot_migrate.mariadb import MariaDB

THOROUGH = os.environ.get("NODESHOT_MIGRATE_THOROUGH", "") not in ("", "0")
_COMMON = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "print_blob": True,
    "phases": [Phase.explicit, Phase.generate],
    "suppress_health_check": list(HealthCheck),
}
# NODESHOT_MIGRATE_EXAMPLES overrides the number of examples of either profile
_EXAMPLES = os.environ.get("NODESHOT_MIGRATE_EXAMPLES")
settings.register_profile("nodeshot_default", max_examples=int(_EXAMPLES or 1), **_COMMON)
settings.register_profile("nodeshot_thorough", max_examples=int(_EXAMPLES or 12), **_COMMON)
PROFILE = settings.get_profile("nodeshot_thorough" if THOROUGH else "nodeshot_default")
ENGINES = ["sqlite", "mariadb"] if THOROUGH else ["sqlite"]

# Issue 16's named cases whose dirt the strategies leave out, and whose
# columns the no-silent-change check skips, while they are open: none since
# branch issue-16 was merged. The numbers used: 1 a NULL interface cname,
# 2 admin usernames differing only in case, 3 node names squished, 5 an
# unreadable alt, 6 contact from_email trimmed, 7 wireless mode 'AP',
# 8 ISO timestamps with a Z suffix.
OPEN_CASES: frozenset[int] = frozenset()

# Columns written as the legacy value unless a notice or reject of the row
# names the change: (legacy table, legacy column, target table, target
# expression, open case that changes it silently or None).
AS_TYPED = [
    ("nodeshot_node", "name", "nodes_node", "target.name", 3),
    ("nodeshot_node", "slug", "nodes_node", "target.slug", None),
    ("nodeshot_node", "description", "nodes_node", "target.description", None),
    ("nodeshot_node", "notes", "nodes_node", "target.notes", None),
    ("nodeshot_device", "name", "net_device", "target.name", None),
    ("nodeshot_device", "description", "net_device", "target.description", None),
    ("nodeshot_device", "cname", "net_device", "target.data -> 'cname'", None),
    ("nodeshot_interface", "cname", "net_interface", "target.name", 1),
    ("nodeshot_contact", "from_name", "mailing_inward", "target.from_name", None),
    ("nodeshot_contact", "from_email", "mailing_inward", "target.from_email", 6),
    ("nodeshot_contact", "message", "mailing_inward", "target.message", None),
    ("nodeshot_contact", "user_agent", "mailing_inward", "target.user_agent", None),
    ("nodeshot_contact", "accept_language", "mailing_inward", "target.accept_language", None),
]
# The application table each legacy row lands in, by the same id.
LANDS_IN = {
    "nodeshot_node": "nodes_node",
    "nodeshot_device": "net_device",
    "nodeshot_interface": "net_interface",
    "nodeshot_link": "links_link",
    "nodeshot_contact": "mailing_inward",
}
_examples = itertools.count(1)


def legacy_ids(legacy, engine: str) -> dict[str, list[int]]:
    """The ids the legacy database holds, read from it (not from the example:
    the engine may have dropped or changed rows)."""
    if engine == "sqlite":
        with sqlite3.connect(legacy.database) as conn:
            found = {
                table: sorted(row[0] for row in conn.execute(f"select id from {table}"))  # noqa: S608 (fixed names)
                for table in TABLE_ORDER
            }
        conn.close()
        return found
    client = MariaDB().client(legacy.database)
    found = {}
    for table in TABLE_ORDER:
        select = f"select id from `{table}`"  # noqa: S608 (fixed names)
        out = subprocess.run([*client, "-N", "-B", "-e", select], capture_output=True, text=True, check=True).stdout
        found[table] = sorted(int(line) for line in out.split())
    return found


def build_legacy(request, engine: str, database: dict, tag: str):
    if engine == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp(tag) / "legacy.db"
        legacy = _build_sqlite_legacy(path, ())
        write_sqlite(path, database)
        return legacy
    server = request.getfixturevalue("mariadb")
    legacy = _build_mariadb_legacy(server, f"legacy_{os.environ.get('PYTEST_XDIST_WORKER', 'x')}_{tag}", ())
    server.sql(mysql_script(database), legacy.database)
    return legacy


def unaccounted(target, ids: dict[str, list[int]]) -> list[tuple]:
    """Legacy ids not found exactly once among migrated, merged and rejected
    rows: (table, id, times migrated, merged, rejected)."""
    problems = []
    for table, table_ids in ids.items():
        if not table_ids:
            continue
        if table in LANDS_IN:
            migrated = f"(select count(*) from public.{LANDS_IN[table]} as landed where landed.id = legacy.id)"  # noqa: S608
            merged = "0"
        elif table == "auth_user":
            # an admin lands on a new profile with its username, or on one the site had (merged)
            migrated = (
                "(select count(*) from migration_work.int_admins_matched as admin"
                " inner join public.profiles_profile as profile on profile.username = admin.username"
                " where admin.legacy_user_id = legacy.id and admin.reject_rule is null"
                " and admin.existing_profile_id is null)"
            )
            merged = (
                "(select count(*) from migration_work.int_admins_matched as admin"
                " where admin.legacy_user_id = legacy.id and admin.reject_rule is null"
                " and admin.existing_profile_id is not null)"
            )
        elif table == "nodeshot_hna":
            # E.27: a route lives on in the data of its device
            migrated = (
                "(select count(*) from migration_work.int_hna_routes_validated as route"
                " inner join public.net_device as device on device.id = route.legacy_device_id"
                " where route.legacy_hna_id = legacy.id and route.reject_rule is null"
                " and strpos(device.data -> 'hna_routes', route.route) > 0)"
            )
            merged = "0"
        else:  # nodeshot_statistic: no home in nodeshot 1.x, counted as not migrated
            migrated = "1"
            merged = "0"
        problems += query(
            target,
            f"select %s, legacy.id, {migrated}, {merged}, (select count(*) from migration.rejects as rejected"  # noqa: S608
            "  where rejected.entity = %s and rejected.legacy_id = legacy.id)"
            " from unnest(%s::bigint[]) as legacy (id)",
            (table, table, table_ids),
        )
    return [row for row in problems if row[2] + row[3] + row[4] != 1]


def silent_changes(target, open_cases: frozenset[int]) -> list[tuple]:
    """Written values that differ from the loaded legacy text with no notice
    or reject of that row naming the old value."""
    found = []
    for legacy_table, column, target_table, written, case in AS_TYPED:
        if case in open_cases:
            continue
        found += query(
            target,
            f"select %s, legacy.id, legacy.{column}, {written}"  # noqa: S608 (fixed names)
            f" from legacy_raw.{legacy_table} as legacy"
            f" inner join public.{target_table} as target on target.id = legacy.id::bigint"
            f" where ({written}) is distinct from legacy.{column}"
            " and not exists ("
            "  select from (select entity, legacy_id, detail from migration.notices"
            "   union all select entity, legacy_id, detail from migration.rejects) as said"
            "  where said.entity = %s and said.legacy_id = legacy.id::bigint"
            f"  and strpos(said.detail, left(coalesce(quote_literal(legacy.{column}), 'NULL'), 24)) > 0)",
            (f"{legacy_table}.{column}", legacy_table),
        )
    return found


def check_example(request, engine: str, database: dict, open_cases: frozenset[int]) -> None:
    tag = f"dirt_{engine}_{next(_examples)}"
    legacy = build_legacy(request, engine, database, tag)
    ids = legacy_ids(legacy, engine)
    note(f"legacy ids held by {engine}: {ids}")
    target = make_target(request.getfixturevalue("cluster"), tag)

    assert run_migrate(legacy, target) == 0, run_migrate.last_output  # the run commits
    note(run_migrate.last_output[-4000:])
    # the load lost no row, and every row is accounted for exactly once
    loaded = {
        table: sorted(row[0] for row in query(target, f"select id::bigint from legacy_raw.{table}"))  # noqa: S608
        for table in TABLE_ORDER
    }
    assert loaded == ids
    assert unaccounted(target, ids) == []
    assert query(
        target,
        "select entity from migration.reconciliation where legacy_rows <> migrated + merged + rejected + not_migrated",
    ) == []
    assert query(
        target, "select not_migrated from migration.reconciliation where entity = 'nodeshot_statistic'"
    ) == [(len(ids["nodeshot_statistic"]),)]
    assert silent_changes(target, open_cases) == []
    # the checks above are not vacuous: rows of every kind made it through,
    # generated ones among them
    for table in LANDS_IN.values():
        assert query(target, f"select count(*) > 0 from public.{table}") == [(True,)], f"nothing in {table}"  # noqa: S608
    assert query(target, "select count(*) > 0 from public.nodes_node where id <> 6001") == [(True,)], (
        "no generated node migrated"
    )

    # a second run, built and applied again, writes nothing
    before = public_dump(target)
    assert run_migrate(legacy, target, rebuild=True) == 0, run_migrate.last_output
    assert "no changes: the target already matches the legacy database" in run_migrate.last_output
    assert public_dump(target) == before


@pytest.mark.parametrize("engine", ENGINES)
def test_dirty_legacy_databases_migrate_with_every_row_accounted_for(request, engine):
    @PROFILE
    @given(database=legacy_databases(engine=engine, open_cases=OPEN_CASES))
    def run(database):
        check_example(request, engine, with_open_case_rows(with_clean_chain(database)), OPEN_CASES)

    run()

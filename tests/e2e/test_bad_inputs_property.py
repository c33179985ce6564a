"""Issue 5, property test: random dirty legacy nodes never break the build.

hypothesis generates batches of legacy node rows - names, owners and emails
with unicode, emoji, NUL bytes, bytes that are not UTF-8, quotes,
backslashes, very long values, blanks, emails
that differ only in case or spaces, coordinates in and out of range or not
numbers at all, unknown statuses, zero dates - and writes them into a SQLite
legacy database (the sqlite3 module binds the values: that only builds the
fixture). The pipeline then runs as `invoke migrate` runs it up to the gate:
pgloader into legacy_raw, then `dbt build` with every data test. For every
batch:

* the build succeeds (no cast error, no failing data test);
* every legacy node is migrated or rejected, exactly once, and every legacy
  table balances in migration.reconciliation;
* usernames, profile emails, node names and slugs in the marts are unique
  (exactly and case-insensitively where Django compares so) and never empty,
  and fit their varchar columns.

Each batch is one ~20 s build, so there are few examples with many rows each,
no shrinking (a failing batch is printed whole) and no example database.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import make_target, query
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nodeshot_migrate import SQL_DIR
from nodeshot_migrate.dbt import run_dbt
from nodeshot_migrate.demo import build_sqlite
from nodeshot_migrate.load import load
from nodeshot_migrate.migrate import MigrateOptions
from nodeshot_migrate.urls import LegacySource, TargetDatabase

FIXTURES = SQL_DIR / "fixtures"
FIRST_ID = 10_000

# Any Unicode scalar value but surrogates (not encodable as UTF-8); NUL
# included (stripped at load, bad-inputs 22).
CHARACTERS = st.characters(blacklist_categories=("Cs",))
TRICKY = st.sampled_from([
    "", " ", "  ", "'", "''", '"', "\\", "\\'", "%", "_", "--", "/*", "😀", "😀🚀", "山田太郎", "Ã©", "??",
    "Mario Rossi", "mario-rossi", "MARIO ROSSI", " mario  rossi ", "ß", "ǅ", "İ", "\u200b", "\t", "\n",
    "-", "user1", "a" * 200, "Mario\x00Rossi", "\x00",
])
# Owners SQLite holds as bytes that are not UTF-8 (bad-inputs 21): the node is
# rejected as invalid_utf8, whatever else is wrong with it.
NOT_UTF8 = st.sampled_from([b"Caf\xe9", b"\xff\xfe", b"ok\x00\xe9", b"\xc3"])
TEXT = st.one_of(TRICKY, st.text(CHARACTERS, max_size=12), st.text(CHARACTERS, min_size=60, max_size=400))
LOCAL_PARTS = st.sampled_from(["mario", "Mario.Rossi", "m", "😀", "山田", "o'neil", "a\\b", "x" * 70, ""])
DOMAINS = st.sampled_from(["test.com", "Test.COM", "b.it", "x", ""])
PADS = ["", " "]
EMAILS = st.one_of(
    st.builds(lambda local, domain, pad: f"{pad}{local}@{domain}{pad}", LOCAL_PARTS, DOMAINS, st.sampled_from(PADS)),
    st.builds(lambda local: local.upper(), LOCAL_PARTS.map(lambda local: f"{local}@test.com")),
    TEXT,
)
COORDINATES = st.one_of(
    st.sampled_from([41.9, 12.5, 43.7, 10.4, 0.0, 90.0, -180.0, 200.0, "", "abc", "1e400"]),
    st.floats(min_value=-250, max_value=250, allow_nan=False),
)
DATES = st.sampled_from([
    "2013-07-01 10:00:00", "0000-00-00 00:00:00", "2010-00-15", "0999-01-01 00:00:00", "1370000000000", "", "now",
])
STATUSES = st.sampled_from(["a", "p", "h", "ah", "u", "x", "", " a "])

NODE = st.fixed_dictionaries({
    "name": TEXT,
    "slug": st.one_of(TEXT, st.sampled_from(["same-slug", "node", "Same-Slug"])),
    "owner": st.one_of(st.none(), TEXT, NOT_UTF8),
    "email": EMAILS,
    "lat": COORDINATES,
    "lng": COORDINATES,
    "status": STATUSES,
    "added": DATES,
    "updated": DATES,
})
# Nodes that pass every node rule (a name, a valid email, a point in Rome,
# status a) but whose owners and emails collide: so that every batch
# migrates some nodes and the uniqueness checks below are never vacuous.
VALID_NODE = st.fixed_dictionaries({
    "name": st.text(CHARACTERS, max_size=30).map(lambda text: "n" + text),
    "slug": st.one_of(TEXT, st.sampled_from(["same-slug", "node", "Same-Slug"])),
    "owner": st.one_of(st.none(), TEXT),
    "email": st.builds(
        lambda local, pad: f"{pad}{local}@Test.com{pad}",
        st.sampled_from(["mario", "MARIO", "Mario.Rossi", "o'neil", "yamada", "😀"]),
        st.sampled_from(PADS),
    ),
    "lat": st.floats(min_value=41.8, max_value=42.0),
    "lng": st.floats(min_value=12.4, max_value=12.6),
    "status": st.just("a"),
    "added": DATES,
    "updated": DATES,
})
# nodeshot_node.name and .slug are UNIQUE in the legacy schema too
NODES = st.lists(
    st.one_of(NODE, VALID_NODE), min_size=20, max_size=60, unique_by=(lambda n: n["name"], lambda n: n["slug"])
).filter(lambda nodes: any(n["name"].startswith("n") and n["status"] == "a" for n in nodes))

INSERT = (
    "insert into nodeshot_node (id, name, slug, owner, description, postal_code, email, email2, email3, password,"
    " lat, lng, alt, status, activation_key, notes, added, updated)"
    " values (?, ?, ?, ?, null, '', ?, null, null, '', ?, ?, null, ?, '', null, ?, ?)"
)


@pytest.fixture(scope="module")
def property_target(cluster) -> TargetDatabase:
    return make_target(cluster, "badin_property")


@pytest.fixture(scope="module")
def property_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("badin_property")


def build_legacy(path, nodes: list[dict]) -> LegacySource:
    path.unlink(missing_ok=True)
    build_sqlite(path, SQL_DIR / "legacy" / "sqlite.sql", FIXTURES / "reference_legacy.sql")
    with sqlite3.connect(path) as conn:
        conn.executemany(
            INSERT,
            [
                (FIRST_ID + i, n["name"], n["slug"], n["owner"], n["email"], n["lat"], n["lng"], n["status"],
                 n["added"], n["updated"])
                for i, n in enumerate(nodes)
            ],
        )
    conn.close()
    return LegacySource.parse(f"sqlite://{path}")


@settings(
    max_examples=5,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(nodes=NODES)
def test_random_dirty_nodes_are_migrated_or_rejected(property_target, property_dir, nodes):
    legacy = build_legacy(property_dir / "legacy.db", nodes)
    load(legacy, property_target, echo=lambda _line: None)
    options = MigrateOptions(legacy=legacy, target=property_target, default_layer=5)
    lines: list[str] = []
    run_dbt(["build"], property_target, options.dbt_vars(), echo=lines.append)  # raises on any failure

    target = property_target
    # every legacy node exactly once: migrated xor rejected
    outcome = query(
        target,
        "select legacy.id, mart.id is not null, rejected.legacy_id is not null"
        " from legacy_raw.nodeshot_node as legacy"
        " left join migration.nodes_node as mart on mart.id = legacy.id"
        " left join migration.rejects as rejected"
        " on rejected.entity = 'nodeshot_node' and rejected.legacy_id = legacy.id",
    )
    assert len(outcome) == len(nodes) + 5
    assert [row for row in outcome if row[1] == row[2]] == []
    not_utf8 = sorted(FIRST_ID + i for i, n in enumerate(nodes) if isinstance(n["owner"], bytes))
    assert [
        legacy_id
        for legacy_id, rule in query(
            target, "select legacy_id, rule from migration.rejects where entity = 'nodeshot_node' order by 1"
        )
        if rule == "invalid_utf8"
    ] == not_utf8
    assert any(migrated for legacy_id, migrated, _ in outcome if legacy_id >= FIRST_ID), "no generated node migrated"
    assert query(
        target,
        "select entity from migration.reconciliation where legacy_rows <> migrated + merged + rejected + not_migrated",
    ) == []

    # profiles: unique and non-empty usernames and emails, names that fit
    assert query(
        target,
        "select count(*) = count(distinct username), count(*) = count(distinct lower(username)),"
        " count(*) = count(distinct lower(email)),"
        " coalesce(bool_and(username <> '' and length(username) <= 254 and username ~ '^[A-Za-z0-9_.@+-]+$'), true),"
        " coalesce(bool_and(length(first_name) <= 30 and length(last_name) <= 30), true)"
        " from migration.profiles_profile",
    ) == [(True, True, True, True, True)]
    # nodes: unique, non-empty, fitting names and slugs; every node has an owner
    assert query(
        target,
        "select count(*) = count(distinct name), count(*) = count(distinct slug),"
        " coalesce(bool_and(name <> '' and slug <> '' and length(name) <= 75 and length(slug) <= 75), true),"
        " coalesce(bool_and(slug ~ '^[-a-zA-Z0-9_]+$'), true), count(*) = count(user_id)"
        " from migration.nodes_node",
    ) == [(True, True, True, True, True)]

"""Issue 5: dirty legacy data (docs bad-inputs.md, cases 1-37).

sql/fixtures/bad_inputs.sql (loaded after reference_legacy.sql; every row is
commented with its case) is migrated once per legacy engine, into a target
that holds two site profiles (case 36) and a Pisa layer with a 50 m
nodes_minimum_distance (case 6). Each dirty row must land where the case
says: migrated with the mapped value, listed in migration.notices when it was
changed on the way, or in migration.rejects with its rule and a detail that
names the row and says what to change - and no legacy row may be left
unaccounted for.

Where a case lives elsewhere:
  5 (invalid layer polygon), 30/31 (schema drift)  test_preflight.py, test_load.py
  17 (orphans)                                     test_entities_edge_cases.py
  20 (naive local times)                           test_reference_users_nodes.py (legacy_timezone)
  32 (re-runs), 33 (sequences), 34 (companions)    test_sync.py, test_transactions.py
  21 invalid UTF-8 and 22 NUL bytes: in the fixture too (node 9040, 9041),
  and below with every loader.
  3 with a polygon default layer, 21 with var fix_double_encoding and 28
  with ids above int4 (MariaDB's int(11) cannot hold them): one extra dbt
  build below (SQLite only, no apply).
  Random dirty nodes (property test): test_bad_inputs_property.py.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from conftest import make_legacy, make_target, query, run_migrate, scalar, sqlite_exec

from nodeshot_migrate.dbt import run_dbt
from nodeshot_migrate.legacy.load import load_legacy
from nodeshot_migrate.migrate import MigrateOptions
from nodeshot_migrate.urls import TargetDatabase

# Target state before the migration: two profiles the site created itself
# (case 36) and a minimum node distance on the Pisa layer (case 6).
SITE_SQL = """
update layers_layer set nodes_minimum_distance = 50 where id = 2;
insert into profiles_profile (id, password, last_login, is_superuser, username, email, first_name, last_name,
    about, gender, birth_date, address, city, country, is_staff, is_active, date_joined)
values
    (900, '!site', null, false, 'site-user', 'site.user@test.com', 'Site', 'User', '', '', null, '', '', '',
     false, true, '2020-01-01 00:00:00+00'),
    (901, '!site', null, false, 'other-site', 'other.site@test.com', 'Other', 'Site', '', '', null, '', '', '',
     false, true, '2020-01-01 00:00:00+00');
select setval('profiles_profile_id_seq', 901);
"""


class Migrated:
    def __init__(self, engine: str, target: TargetDatabase) -> None:
        self.engine = engine
        self.target = target


@pytest.fixture(scope="module", params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def bad(request, cluster) -> Migrated:
    engine = request.param
    legacy = make_legacy(request, engine, "reference_legacy.sql", "bad_inputs.sql", tag=f"badin_{engine}")
    target = make_target(cluster, f"badin_{engine}")
    with psycopg.connect(target.url) as conn:
        conn.execute(SITE_SQL)
    code = run_migrate(legacy, target)
    assert code == 0, run_migrate.last_output
    return Migrated(engine, target)


def rejects(target: TargetDatabase) -> dict[tuple[str, int], str]:
    rows = query(target, "select entity, legacy_id, rule from migration.rejects where legacy_id >= 9000")
    return {(entity, legacy_id): rule for entity, legacy_id, rule in rows}


def details(target: TargetDatabase, view: str = "rejects") -> dict[tuple[str, int, str], str]:
    rows = query(target, f"select entity, legacy_id, rule, detail from migration.{view} where legacy_id >= 9000")  # noqa: S608
    return {(entity, legacy_id, rule): detail for entity, legacy_id, rule, detail in rows}


def notices(target: TargetDatabase) -> set[tuple[str, int, str]]:
    return set(query(target, "select entity, legacy_id, rule from migration.notices where legacy_id >= 9000"))


# --- where every dirty row ended up -------------------------------------------

EXPECTED_REJECTS = {
    # case 1: no coordinates, and the cascade below node 9001
    ("nodeshot_node", 9001): "no_coordinates",
    ("nodeshot_node", 9002): "no_coordinates",
    ("nodeshot_node", 9003): "no_coordinates",
    ("nodeshot_device", 9001): "node_not_migrated",
    ("nodeshot_interface", 9001): "device_not_migrated",
    ("nodeshot_interface.ipv4_address", 9001): "interface_not_migrated",
    ("nodeshot_link", 9001): "interface_not_migrated",
    ("nodeshot_contact", 9001): "node_not_migrated",
    # case 2
    ("nodeshot_node", 9005): "coordinates_out_of_range",
    # case 6
    ("nodeshot_node", 9009): "too_close",
    # case 8 (and the contact sender, case 8 for contacts)
    ("nodeshot_node", 9014): "invalid_email",
    ("nodeshot_node", 9015): "invalid_email",
    ("nodeshot_node", 9016): "invalid_email",
    ("nodeshot_node", 9017): "missing_email",
    ("nodeshot_contact", 9002): "invalid_from_email",
    # case 9
    ("nodeshot_node", 9018): "invalid_email",
    # case 15: the address goes, the interface stays
    ("nodeshot_interface.ipv4_address", 9003): "unspecified_address",
    ("nodeshot_interface.ipv4_address", 9005): "invalid_ipv4",
    ("nodeshot_interface.ipv6_address", 9006): "invalid_ipv6",
    # case 18
    ("nodeshot_link", 9003): "duplicate_link",
    ("nodeshot_link", 9004): "self_link",
    # case 19 (admin)
    ("auth_user", 9007): "invalid_date_joined",
    # case 25: unconfirmed, counted
    ("nodeshot_node", 9037): "unconfirmed",
    # case 26
    ("auth_user", 9005): "invalid_boolean",
    ("nodeshot_link", 9005): "invalid_boolean",
    # case 36
    ("auth_user", 9002): "duplicate_admin_email",
    ("auth_user", 9003): "ambiguous_admin_match",
}

# Values SQLite keeps but a MariaDB column cannot hold: MariaDB cut them to
# the column (name 50, description 255) or clamped them (int(11)) on insert,
# as a legacy MySQL site would have, so there they migrate.
SQLITE_ONLY_REJECTS = {
    ("nodeshot_node", 9026): "name_too_long",  # case 13
    ("nodeshot_device", 9003): "description_too_long",  # case 29
    ("nodeshot_link", 9006): "invalid_number",  # case 28
    ("nodeshot_node", 9041): "invalid_utf8",  # case 21 (MariaDB stored 'Casa?')
    ("nodeshot_device", 9004): "node_not_migrated",
}


def test_every_dirty_row_is_rejected_with_its_rule(bad):
    expected = dict(EXPECTED_REJECTS)
    if bad.engine == "sqlite":
        expected.update(SQLITE_ONLY_REJECTS)
    assert rejects(bad.target) == expected


NOUNS = {
    "auth_user": "admin",
    "nodeshot_node": "node",
    "nodeshot_device": "device",
    "nodeshot_interface": "interface",
    "nodeshot_interface.ipv4_address": "interface",
    "nodeshot_interface.ipv6_address": "interface",
    "nodeshot_link": "link",
    "nodeshot_contact": "contact",
}
# every detail tells the operator what to do
ACTION = re.compile(r"\b(fix|rename|delete|set|give|shorten|change|move|merge|empty|see|add|remove|use)\b")


def test_every_reject_detail_names_the_row_and_what_to_change(bad):
    found = details(bad.target)
    assert found
    for (entity, legacy_id, rule), detail in found.items():
        assert detail.startswith(f"{NOUNS[entity]} {legacy_id} "), (entity, legacy_id, detail)
        assert ACTION.search(detail), (entity, legacy_id, rule, detail)


def test_new_reject_details(bad):
    found = details(bad.target)
    assert "0/0 placeholder" in found[("nodeshot_node", 9001, "no_coordinates")]
    assert found[("nodeshot_node", 9009, "too_close")] == (
        "node 9009 'pisa too close': is 6.9 m from legacy node 9008, closer than the 50 m"
        " nodes_minimum_distance of layer 2 (Node.clean() would refuse it) - move or delete one of them"
    )
    long_mail = found[("nodeshot_node", 9018, "invalid_email")]
    if bad.engine == "sqlite":
        assert "has 309 characters, more than the 254" in long_mail
    else:  # MariaDB kept the first 75 characters: no @ left
        assert "is not a valid address" in long_mail
    # no swap hint when swapping does not help
    assert "swapped" not in found[("nodeshot_node", 9005, "coordinates_out_of_range")]


EXPECTED_NOTICES = {
    # case 2: a hint, the coordinates are kept
    ("nodeshot_node", 9004, "probably_swapped"),
    # case 4
    ("nodeshot_node", 9007, "ambiguous_layer"),
    # case 7 (the owner's profile takes 9012's email without its trailing space: issue 16)
    ("nodeshot_node", 9012, "emails_merged"),
    ("nodeshot_node", 9012, "email_trimmed"),
    # case 9
    ("nodeshot_node", 9019, "extra_emails_ignored"),
    # case 11
    ("nodeshot_node", 9024, "username_renamed"),
    # case 12
    ("nodeshot_node", 9025, "name_truncated"),
    # case 13
    ("nodeshot_node", 9027, "slug_changed"),
    ("nodeshot_node", 9029, "slug_changed"),
    # case 14
    ("nodeshot_interface", 9007, "name_truncated"),
    ("nodeshot_interface", 9008, "name_truncated"),
    ("nodeshot_interface", 9008, "name_deduplicated"),
    # case 16
    ("nodeshot_interface", 9003, "mac_dropped"),
    # case 19
    ("nodeshot_node", 9030, "date_defaulted"),
    ("nodeshot_node", 9031, "date_defaulted"),
    # case 21
    ("nodeshot_node", 9034, "double_encoding"),
    ("nodeshot_node", 9039, "double_encoding"),
    # case 22: stripped at load
    ("nodeshot_node", 9040, "nul_bytes_stripped"),
    # case 23
    ("nodeshot_node", 9035, "question_marks"),
    # case 24, 27
    ("nodeshot_interface", 9005, "unknown_interface_type"),
    ("nodeshot_interface", 9006, "unknown_interface_type"),
    # case 25, 27
    ("nodeshot_node", 9036, "status_defaulted"),
    ("nodeshot_node", 9038, "status_defaulted"),
    # case 36: admin landing on a site profile; legacy '!' passwords
    ("auth_user", 9004, "admin_merged"),
    ("auth_user", 9001, "password_unusable"),
    ("auth_user", 9004, "password_unusable"),
    ("auth_user", 9006, "password_unusable"),
}


def test_rows_changed_on_the_way_are_notices(bad):
    expected = set(EXPECTED_NOTICES)
    if bad.engine == "mariadb":
        # case 23 happening for real: utf8mb3 stored the emoji owner as '??'
        expected.add(("nodeshot_node", 9021, "question_marks"))
        # case 28: MariaDB's datetime stored the epoch milliseconds as a zero
        # date (SQLite keeps the number, which is read: issue 16)
        expected.add(("nodeshot_node", 9033, "date_defaulted"))
    assert notices(bad.target) == expected


def test_new_notice_details(bad):
    found = details(bad.target, "notices")
    assert found[("nodeshot_node", 9004, "probably_swapped")] == (
        "node 9004 'swapped coords': lat 12.55 / lng 41.85 is in no layer area, but (lat 41.85, lng 12.55)"
        " would be inside layer 1; migrated as it is into layer 5 - swap lat and lng in the legacy row if they"
        " are swapped"
    )
    assert "'second@test.com'" in found[("nodeshot_node", 9019, "extra_emails_ignored")]
    mojibake = found[("nodeshot_node", 9034, "double_encoding")]
    assert "'JosÃ© Rossi'" in mojibake and "would read 'José Rossi'" in mojibake
    assert "run with --fix-double-encoding" in mojibake
    assert "would read 'Don\u2019l'" in found[("nodeshot_node", 9039, "double_encoding")]
    assert "cannot be recovered" in found[("nodeshot_node", 9035, "question_marks")]
    assert found[("nodeshot_node", 9040, "nul_bytes_stripped")] == (
        "nodeshot_node 9040 owner: 1 NUL byte(s) (0x00) removed at load, PostgreSQL text cannot hold them;"
        " it now reads 'MarioRossi'"
    )


def test_nul_bytes_stripped_and_invalid_utf8_rejected(bad):
    """Cases 21, 22 end to end: the stripped owner reaches the user's name; the
    node whose name is not UTF-8 is rejected with its bytes (SQLite), the
    device in cascade."""
    # the owner's capitalisation rule (B.4) applies to the stripped text
    assert node(bad, 9040)["first_name"] == "Mariorossi"
    if bad.engine == "sqlite":
        found = details(bad.target)
        assert found[("nodeshot_node", 9041, "invalid_utf8")] == (
            "node 9041 (no name): name (bytes 43 61 73 61 E9): not UTF-8 text, which PostgreSQL cannot store"
            " - fix the legacy value (save it again as UTF-8, or empty it) and run again"
        )
        assert "(invalid_utf8)" in found[("nodeshot_device", 9004, "node_not_migrated")]
    else:
        assert node(bad, 9041)["name"] == "Casa?"


def test_guarded_casts_work_under_a_parallel_plan(bad):
    """try_inet and try_repair_encoding catch errors in an EXCEPTION block,
    which a parallel worker cannot start: marked parallel safe, any parallel
    plan over them (a staging view at scale) failed with "cannot start
    subtransactions during a parallel operation". Forced parallel here, with
    values the planner cannot fold into constants."""
    with psycopg.connect(bad.target.url) as conn:
        conn.execute("set force_parallel_mode = on")
        rows = conn.execute(
            "select migration.try_inet(raw)::text, migration.try_repair_encoding(raw)"
            " from (values ('10.0.0.1'), ('2001:db8::1'), ('nope'), ('CaffÃ¨')) as input (raw) order by raw"
        ).fetchall()
    assert rows == [
        ("10.0.0.1/32", "10.0.0.1"),
        ("2001:db8::1/128", "2001:db8::1"),
        (None, "Caffè"),
        (None, "nope"),
    ]


# --- migrated values ----------------------------------------------------------


def node(bad: Migrated, legacy_id: int) -> dict:
    rows = query(
        bad.target,
        "select n.name, n.slug, l.slug, s.slug, p.username, p.first_name, p.last_name, p.email, n.added, n.updated,"
        " st_x(n.geometry), st_y(n.geometry)"
        " from nodes_node as n join layers_layer as l on n.layer_id = l.id join nodes_status as s on n.status_id = s.id"
        " join profiles_profile as p on n.user_id = p.id where n.id = %s",
        (legacy_id,),
    )
    assert len(rows) == 1, f"node {legacy_id} was not migrated"
    keys = ("name", "slug", "layer", "status", "username", "first_name", "last_name", "email", "added", "updated",
            "lng", "lat")
    return dict(zip(keys, rows[0], strict=True))


def test_coordinates_are_never_swapped_and_layers_are_deterministic(bad):
    swapped = node(bad, 9004)
    assert (swapped["lat"], swapped["lng"], swapped["layer"]) == (12.55, 41.85, "default-layer")
    assert node(bad, 9006)["layer"] == "default-layer"  # case 3: the default layer is a point
    assert node(bad, 9007)["layer"] == "default-layer"  # case 4: ambiguous -> policy default
    assert node(bad, 9008)["layer"] == "pisa"
    # case 6: Rome has minimum distance 0: 1 m apart is fine
    assert node(bad, 9010)["layer"] == node(bad, 9011)["layer"] == "rome"


def test_users_from_dirty_owners_and_emails(bad):
    first, second = node(bad, 9012), node(bad, 9013)
    assert first["username"] == second["username"]  # case 7: one user
    assert first["email"] == "Dirty.Mail@Test.com"  # trimmed, spelling of the lowest node id
    # case 10: never an empty username; the unicode stays in the names
    cjk = node(bad, 9020)
    assert (cjk["username"], cjk["first_name"], cjk["last_name"]) == ("yamada", "山田太郎", "")
    emoji = node(bad, 9021)
    assert emoji["username"] == "xy"  # slugify('x.y'): Django drops the dot
    assert emoji["first_name"] == ("😀🚀" if bad.engine == "sqlite" else "??")
    assert node(bad, 9022)["username"] == "user9022"
    # case 11/35: counters skip the admin's 'Mario-Rossi2' case-insensitively
    assert node(bad, 9023)["username"] == "mario-rossi"
    assert node(bad, 9024)["username"] == "mario-rossi3"
    assert scalar(bad.target, "select count(*) from profiles_profile where username = 'Mario-Rossi2'") == 1
    # case 12
    long_owner = node(bad, 9025)
    assert long_owner["first_name"] == "Bartholomew-maximilian-alexand"
    assert long_owner["last_name"] == "Featherstonehaugh"


def test_node_passwords_are_not_user_passwords(bad):
    """Case 37: OldNode.password is a shared node secret, never a profile password."""
    password = scalar(bad.target, "select p.password from nodes_node as n join profiles_profile as p"
                      " on n.user_id = p.id where n.id = 9012")
    assert password.startswith("!") and "afbcf42e" not in password


def test_usernames_and_emails_are_unique_as_postgres_and_django_compare_them(bad):
    """Case 35: uniqueness checked on the stored values, case-insensitively too."""
    assert query(
        bad.target,
        "select count(*) = count(distinct lower(username)), count(*) = count(distinct lower(email)),"
        " bool_and(username <> '') from profiles_profile",
    ) == [(True, True, True)]
    assert query(
        bad.target, "select count(*) = count(distinct slug), bool_and(slug <> '') from nodes_node"
    ) == [(True, True)]


def test_names_and_slugs(bad):
    # a valid legacy slug wins over a computed one (issue 16, E.12 old URLs)
    assert node(bad, 9027)["slug"] == "torre-nord-9027"
    assert node(bad, 9028)["slug"] == "torre-nord"
    assert node(bad, 9029)["slug"] == "node-9029"
    assert node(bad, 9034)["name"] == "CaffÃ¨ node"  # var fix_double_encoding is false: kept, reported
    if bad.engine == "mariadb":  # case 13: MariaDB had already cut the name to varchar(50)
        assert node(bad, 9026)["name"] == "A node name far longer than seventy-five characters"[:50]


def test_statuses(bad):
    assert node(bad, 9036)["status"] == node(bad, 9038)["status"] == "potential"


def test_dates(bad):
    run_started = scalar(bad.target, "select max(started_at) from migration.runs")
    zero = node(bad, 9030)  # both zero: the time of the run (dbt build, just before the apply)
    assert zero["added"] == zero["updated"]
    assert abs(zero["added"] - run_started) < timedelta(minutes=10)
    partial = node(bad, 9031)
    assert partial["added"] == partial["updated"] == datetime(2011, 3, 4, 5, 6, 7, tzinfo=UTC)
    old = node(bad, 9032)  # case 19: years below 1000 are kept (pgloader #1098)
    assert (old["added"].year, old["added"].month, old["added"].day) == (999, 5, 1)
    epoch = node(bad, 9033)
    if bad.engine == "sqlite":  # epoch milliseconds, read since issue 16
        assert epoch["added"] == datetime(2013, 5, 31, 11, 33, 20, tzinfo=UTC)
    else:  # MariaDB held a zero date: added takes updated
        assert epoch["added"] == datetime(2013, 7, 2, 10, 0, tzinfo=UTC)


def test_interfaces_keep_going_without_their_bad_parts(bad):
    rows = query(
        bad.target,
        "select id, name, type, mac::text, data -> 'old_nodeshot_interface_type' from net_interface"
        " where id between 9000 and 9999 order by id",
    )
    assert rows == [
        (9002, "eth0", 1, "aa:bb:cc:dd:ee:01", None),
        (9003, "eth1", 1, None, None),  # case 16: duplicate MAC dropped
        (9004, "eth2", 1, None, None),  # case 16: '' is no MAC
        (9005, "blank0", 4, None, ""),  # case 27: blank type -> virtual, reported
        (9006, "ppp0", 4, None, "ppp"),  # case 24
        (9007, "wlan0-very", 1, None, None),  # case 14
        (9008, "wlan0-ver2", 1, None, None),
    ]
    assert query(
        bad.target,
        "select interface_id, host(address), protocol from net_ip where interface_id between 9000 and 9999 order by 1",
    ) == [(9002, "10.77.0.1", "ipv4"), (9004, "10.77.0.4", "ipv4")]  # case 15


def test_links(bad):
    migrated = {row[0] for row in query(bad.target, "select id from links_link where id >= 9000")}
    assert migrated == ({9002} if bad.engine == "sqlite" else {9002, 9006})


# --- reconciliation: nothing unaccounted for -------------------------------------


def test_every_table_balances(bad):
    rows = query(
        bad.target,
        "select entity, legacy_rows, migrated + merged + rejected + not_migrated from migration.reconciliation",
    )
    assert len(rows) == 11
    unbalanced = [(entity, legacy, accounted) for entity, legacy, accounted in rows if legacy != accounted]
    assert unbalanced == []


# legacy table -> the target table its rows are written to (same id)
WRITTEN = {
    "nodeshot_node": "nodes_node",
    "nodeshot_device": "net_device",
    "nodeshot_interface": "net_interface",
    "nodeshot_link": "links_link",
    "nodeshot_contact": "mailing_inward",
}


@pytest.mark.parametrize("legacy_table", sorted(WRITTEN))
def test_every_legacy_row_is_written_or_rejected_exactly_once(bad, legacy_table):
    """Row by row, not only counts: each legacy id is in the target table or in rejects, never both."""
    target_table = WRITTEN[legacy_table]
    rows = query(
        bad.target,
        f"select legacy.id, written.id is not null, rejected.legacy_id is not null"  # noqa: S608 (fixed names)
        f" from legacy_raw.{legacy_table} as legacy"
        f" left join public.{target_table} as written on written.id = legacy.id"
        f" left join migration.rejects as rejected on rejected.entity = %s and rejected.legacy_id = legacy.id",
        (legacy_table,),
    )
    assert rows
    wrong = [(legacy_id, written, rejected) for legacy_id, written, rejected in rows if written == rejected]
    assert wrong == []


# legacy rows, migrated, merged, rejected, not migrated (reference rows + bad_inputs.sql)
RECONCILIATION = {
    "auth_user": (9, 4, 1, 4, 0),  # 9004 merged into site profile 900
    "nodeshot_node": (46, 33, 0, 13, 0),  # 9040 (NUL stripped) migrates, 9041 (not UTF-8) rejected
    "nodeshot_device": (6, 3, 0, 3, 0),
    "nodeshot_interface": (12, 11, 0, 1, 0),
    "nodeshot_interface.ipv4_address": (8, 5, 0, 3, 0),
    "nodeshot_interface.ipv6_address": (6, 5, 0, 1, 0),
    "nodeshot_interface.vap": (2, 2, 0, 0, 0),
    "nodeshot_link": (7, 2, 0, 5, 0),
    "nodeshot_contact": (3, 1, 0, 2, 0),
}
# MariaDB had already cut node 9026's name and device 9003's description
# to their columns and clamped link 9006's sync_tx: those three migrate. Its
# utf8 column stored node 9041's name as 'Casa?': it migrates with device 9004.
MARIADB_RECONCILIATION = {
    "nodeshot_node": (46, 35, 0, 11, 0),
    "nodeshot_device": (6, 5, 0, 1, 0),
    "nodeshot_link": (7, 3, 0, 4, 0),
}


def test_reconciliation_counts(bad):
    expected = dict(RECONCILIATION)
    if bad.engine == "mariadb":
        expected.update(MARIADB_RECONCILIATION)
    rows = query(
        bad.target,
        "select entity, legacy_rows, migrated, merged, rejected, not_migrated from migration.reconciliation"
        " where entity = any(%s)",
        (list(expected),),
    )
    assert {entity: tuple(counts) for entity, *counts in rows} == expected


# --- one extra build (SQLite, no apply): polygon default layer (case 3), text
# repair (case 21), ids above int4 (case 28, which MariaDB's int(11) cannot hold)

BIG_IDS = """
insert into nodeshot_node values (3000000000, 'big id', 'big-id', 'Big Id', NULL, '', 'big@test.com', NULL, NULL,
    '', 41.9, 12.5, NULL, 'a', '', NULL, '2013-01-01 00:00:00', '2013-01-01 00:00:00');
insert into nodeshot_device values (9100, 'small-on-big', 'small', NULL, NULL, 3000000000, 'olsr', NULL,
    '2013-01-01 00:00:00', '2013-01-01 00:00:00');
insert into nodeshot_device values (3000000001, 'big-device', 'big', NULL, NULL, 9006, 'olsr', NULL,
    '2013-01-01 00:00:00', '2013-01-01 00:00:00');
insert into nodeshot_interface values (3000000002, NULL, NULL, NULL, 'eth', 'big0', 9002, 1, NULL, NULL, NULL,
    NULL, NULL, 'r', '2013-01-01 00:00:00', '2013-01-01 00:00:00');
insert into nodeshot_link values (3000000003, 9002, 9004, 1, -70, 1, 1, 0);
insert into nodeshot_contact values (3000000004, 9006, 'Big', 'big@test.com', 'A message with a very large id.',
    '10.0.0.1', '', '', '', '2013-01-01 00:00:00');
"""


@pytest.fixture(scope="module")
def repaired(request, cluster) -> TargetDatabase:
    legacy = make_legacy(request, "sqlite", "reference_legacy.sql", "bad_inputs.sql", tag="badin_repair")
    sqlite_exec(legacy, BIG_IDS)
    target = make_target(cluster, "badin_repair")
    load_legacy(legacy, target, echo=lambda _line: None)
    options = MigrateOptions(legacy=legacy, target=target, default_layer=1, fix_double_encoding=True)
    lines: list[str] = []
    run_dbt(["build"], target, options.dbt_vars(), echo=lines.append)
    return target


def test_polygon_default_layer_rejects_nodes_outside_it(repaired):
    """Case 3: default layer 1 (Rome, a polygon) cannot hold a node in Turin."""
    found = details(repaired)
    assert ("nodeshot_node", 9006, "outside_layer_area") in found
    # case 2: the swap hint is part of the reject detail when the node is rejected
    swapped = found[("nodeshot_node", 9004, "outside_layer_area")]
    assert swapped.endswith(
        " - lat/lng look swapped: (lat 41.85, lng 12.55) would be inside layer 1;"
        " fix the legacy row if so (never swapped automatically)"
    )


def test_double_encoding_repaired_with_the_var(repaired):
    assert scalar(repaired, "select name from migration.nodes_node where id = 9034") == "Caffè node"
    assert query(
        repaired, "select first_name, last_name from migration.profiles_profile where email = 'jose@test.com'"
    ) == [("José", "Rossi")]
    assert scalar(repaired, "select first_name from migration.profiles_profile where email = 'cp1252@test.com'") == (
        "Don\u2019l"
    )
    found = details(repaired, "notices")
    assert "repaired to 'José Rossi' (var fix_double_encoding)" in found[("nodeshot_node", 9034, "double_encoding")]


def test_ids_above_int4_are_rejected_not_fatal(repaired):
    """Case 28: nodeshot 1.x ids are integers; before this rule one such row failed the whole build."""
    found = {key: rule for key, rule in rejects(repaired).items() if key[1] >= 9100}
    assert found == {
        ("nodeshot_node", 3000000000): "id_out_of_range",
        ("nodeshot_device", 3000000001): "id_out_of_range",
        ("nodeshot_device", 9100): "node_not_migrated",
        ("nodeshot_interface", 3000000002): "id_out_of_range",
        ("nodeshot_link", 3000000003): "id_out_of_range",
        ("nodeshot_contact", 3000000004): "id_out_of_range",
    }
    assert "renumber the legacy row" in details(repaired)[("nodeshot_node", 3000000000, "id_out_of_range")]


# --- bytes PostgreSQL text cannot hold (cases 21, 22), with every loader --------------

# owner of node 2 with a NUL byte; name of node 3 not UTF-8 (SQLite only:
# MariaDB's utf8 columns cannot hold such bytes); one NUL in a device name
DIRTY_BYTES = """
update nodeshot_node set owner = CAST(X'4D6172696F00526F737369' AS CHAR) where id = 2;
update nodeshot_device set name = CAST(X'00616E74656E6E6100' AS CHAR) where id = 1;
"""
INVALID_UTF8 = "update nodeshot_node set name = CAST(X'43617361E9' AS CHAR) where id = 3;"
LOADERS = [
    ("sqlite", "pgloader"),
    ("sqlite", "client"),
    pytest.param("mariadb", "pgloader", marks=pytest.mark.mariadb),
    pytest.param("mariadb", "client", marks=pytest.mark.mariadb),
    pytest.param("mariadb", "fdw", marks=pytest.mark.mariadb),
]


@pytest.fixture(scope="module")
def dirty_bytes_legacy(request):
    """One legacy database per engine with NUL bytes (and invalid UTF-8 in SQLite)."""
    built = {}

    def make(engine: str):
        if engine not in built:
            legacy = make_legacy(request, engine, "reference_legacy.sql", tag=f"badin_bytes_{engine}")
            if engine == "sqlite":
                sqlite_exec(legacy, DIRTY_BYTES + INVALID_UTF8)
            else:
                request.getfixturevalue("mariadb").sql(DIRTY_BYTES, legacy.database)
            built[engine] = legacy
        return built[engine]

    return make


@pytest.mark.parametrize(("engine", "loader"), LOADERS)
def test_nul_bytes_are_stripped_and_invalid_utf8_set_aside(dirty_bytes_legacy, new_target, engine, loader):
    """Cases 21, 22: every loader routes the tables holding such values through
    the legacy client, which sets the values aside; NUL bytes are stripped and
    put back, invalid UTF-8 stays out of its column (NULL) for staging to
    reject, and no row is lost."""
    legacy = dirty_bytes_legacy(engine)
    target = new_target(layers=None)
    lines = []
    report = load_legacy(legacy, target, loader, echo=lines.append)
    assert any("nodeshot_node" in line and "NUL bytes or invalid UTF-8" in line for line in lines), lines
    # nothing lost: every legacy row landed
    assert report.rows["nodeshot_node"] == scalar(target, "select count(*) from legacy_raw.nodeshot_node") == 5
    assert scalar(target, "select owner from legacy_raw.nodeshot_node where id = 2") == "MarioRossi"
    assert scalar(target, "select name from legacy_raw.nodeshot_device where id = 1") == "antenna"
    repairs = query(
        target,
        "select table_name, legacy_id, column_name, problem, nul_count, repaired"
        " from legacy_raw.text_repairs order by 1, 2",
    )
    expected = [
        ("nodeshot_device", 1, "name", "nul_bytes", 2, "antenna"),
        ("nodeshot_node", 2, "owner", "nul_bytes", 1, "MarioRossi"),
    ]
    if engine == "sqlite":
        expected.append(("nodeshot_node", 3, "name", "invalid_utf8", 0, None))
        assert scalar(target, "select name from legacy_raw.nodeshot_node where id = 3") is None
        assert scalar(target, "select raw_hex from legacy_raw.text_repairs where legacy_id = 3") == "43617361E9"
    assert repairs == expected
    # the clean values of the same tables are the legacy ones
    assert scalar(target, "select name from legacy_raw.nodeshot_node where id = 1") == "oldnode1 rome"


def test_clean_tables_skip_the_byte_check_copy(legacy_sqlite, new_target):
    """Without such values nothing is set aside and the main loader copies every table."""
    target = new_target(layers=None)
    lines = []
    load_legacy(legacy_sqlite("reference_legacy.sql"), target, "pgloader", echo=lines.append)
    assert not any("NUL bytes" in line for line in lines), lines
    assert scalar(target, "select count(*) from legacy_raw.text_repairs") == 0

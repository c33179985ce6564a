"""Issue 2: the reference test scenario, first run of Test 1, users and nodes.

importer-behaviour.md "Reference test scenario" -> "Test 1 (test_command),
first run": the legacy fixture (sql/fixtures/reference_legacy.sql) migrated
into a nodeshot 1.x database holding the five reference layers
(sql/fixtures/reference_target_layers.sql) with default layer 5, once from
SQLite and once from MariaDB. Devices, interfaces, links and contacts are
other issues' tests.

Every test here only reads, so the migration runs once per legacy engine
(a module-scoped fixture over legacy_factory's engines, sqlite and mariadb)
and the tests share its target.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import make_legacy, make_target, query, run_migrate, scalar
from psycopg import sql

from nodeshot_migrate.urls import TargetDatabase

ADMIN1_HASH = "md5$C2xwUqHfBz4P$f37f9e6f4f076b1239a5c5dff2c8a2ab"
ADMIN2_HASH = "md5$C2xwUqHfBz4P$f37f9e6f4f076b1239a5c5dff2c8a2ac"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# username -> (first_name, last_name, email, date_joined)
EXPECTED_PROFILES = {
    # admin 1, reused as the owner of node 1 (found by email): its
    # date_joined 2013-06-18 13:36:47 is overwritten by node 1's `added`.
    "oldnode1-owner": ("Oldnode1", "Owner", "oldnode1@test.com", utc("2013-06-14T13:30:29")),
    "oldnode2-owner": ("Oldnode2", "Owner", "oldnode2@test.com", utc("2013-06-19T13:30:29")),
    "oldnode3-pisano": ("Oldnode3", "Pisano", "oldnode3@test.com", utc("2013-06-18T13:30:29")),
    "oldnode4-default": ("Oldnode4", "Default", "oldnode4@test.com", utc("2013-05-18T13:30:29")),
    # node 5: same owner text as node 1, another email -> a second profile.
    "oldnode1-owner2": ("Oldnode1", "Owner", "different@address.com", utc("2013-06-14T13:30:29")),
    # admin 2 owns no node: everything as in legacy auth_user.
    "randomuser": ("Random", "User", "random@test.com", utc("2013-05-18T13:36:47")),
}

NEW_OWNERS = ("oldnode2-owner", "oldnode3-pisano", "oldnode4-default", "oldnode1-owner2")

# id -> (name, slug, description, elev, added, updated, layer slug, status slug, owner username)
EXPECTED_NODES = {
    1: (
        "oldnode1 rome",
        "oldnode1-rome",
        "oldnode1-description",
        24.5,
        utc("2013-06-14T13:30:29"),
        utc("2013-06-20T13:36:47"),
        "rome",
        "active",
        "oldnode1-owner",
    ),
    2: (
        "oldnode2 rome",
        "oldnode2-rome",
        "oldnode2-description",
        15.5,
        utc("2013-06-19T13:30:29"),
        utc("2013-06-19T13:36:47"),
        "rome",
        "active",
        "oldnode2-owner",
    ),
    3: (
        "oldnode3 pisa",
        "oldnode3-pisa",
        "oldnode3 description",
        10.0,
        utc("2013-06-18T13:30:29"),
        utc("2013-06-18T13:36:47"),
        "pisa",
        "potential",
        "oldnode3-pisano",
    ),
    # (lng 10, lat 40) is in no layer: the Default Layer's point is (40, 10).
    4: (
        "oldnode4 default",
        "oldnode4-default",
        "oldnode4-description",
        2.0,
        utc("2013-05-18T13:30:29"),
        utc("2013-05-18T13:36:47"),
        "default-layer",
        "active",
        "oldnode4-default",
    ),
    5: (
        "another node",
        "another-node",
        "another-node-description",
        22.5,
        utc("2013-06-14T13:30:29"),
        utc("2013-06-20T13:36:47"),
        "default-layer",
        "active",
        "oldnode1-owner2",
    ),
}

# id -> (x = longitude, y = latitude), as written in the legacy fixture
EXPECTED_POINTS = {
    1: (12.5390629470348003, 41.9064152946931969),
    2: (12.534556835889, 41.90746129417),
    3: (10.3973981737999992, 43.7175764660999988),
    4: (10.0, 40.0),
    5: (13.5390629470348003, 42.9064152946931969),
}

# id -> the whole hstore `data` (rules 30, 32, 33)
EXPECTED_DATA = {
    1: {"imported": "true", "postal_code": "00185"},
    2: {"imported": "true", "postal_code": "00175", "is_hotspot": "true"},  # legacy status 'ah'
    3: {"imported": "true", "postal_code": "00100"},
    4: {"imported": "true", "postal_code": "00100"},
    5: {"imported": "true", "postal_code": "00185"},
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def reference(request, cluster) -> TargetDatabase:
    """The reference legacy rows (SQLite or MariaDB) migrated once into a fresh target."""
    legacy = make_legacy(request, request.param, "reference_legacy.sql", tag=f"refusers_{request.param}")
    target = make_target(cluster, f"refusers_{request.param}")
    code = run_migrate(legacy, target)  # default layer 5, --yes
    assert code == 0, run_migrate.last_output
    return target


def profiles_by_username(target: TargetDatabase) -> dict[str, tuple]:
    rows = query(
        target,
        "select username, first_name, last_name, email, date_joined, is_staff, is_superuser, is_active, password"
        " from profiles_profile",
    )
    return {row[0]: row[1:] for row in rows}


# --- counts ---------------------------------------------------------------


def test_counts(reference):
    assert scalar(reference, "select count(*) from profiles_profile") == 6
    assert scalar(reference, "select count(*) from profiles_emailaddress") == 6
    assert scalar(reference, "select count(*) from profiles_emailconfirmation") == 0
    assert scalar(reference, "select count(*) from nodes_node") == 5


def test_every_profile_has_one_verified_primary_address(reference):
    rows = query(
        reference,
        'select profile.username, address.email, address.verified, address."primary"'
        " from profiles_emailaddress as address"
        " inner join profiles_profile as profile on profile.id = address.user_id"
        " order by profile.username",
    )
    assert rows == sorted((username, email, True, True) for username, (_f, _l, email, _d) in EXPECTED_PROFILES.items())


# --- profiles -------------------------------------------------------------


def test_usernames_names_and_emails(reference):
    profiles = profiles_by_username(reference)
    assert {name: row[:3] for name, row in profiles.items()} == {
        name: expected[:3] for name, expected in EXPECTED_PROFILES.items()
    }


def test_date_joined(reference):
    profiles = profiles_by_username(reference)
    assert {name: row[3] for name, row in profiles.items()} == {
        name: expected[3] for name, expected in EXPECTED_PROFILES.items()
    }


def test_staff_and_superuser(reference):
    assert scalar(reference, "select count(*) from profiles_profile where is_staff") == 2
    superusers = query(reference, "select email, is_staff, username from profiles_profile where is_superuser")
    assert superusers == [("oldnode1@test.com", True, "oldnode1-owner")]
    profiles = profiles_by_username(reference)
    # randomuser: email random@test.com, staff, not superuser (reference Test 1)
    assert profiles["randomuser"][2:6] == ("random@test.com", utc("2013-05-18T13:36:47"), True, False)
    for username in NEW_OWNERS:
        assert profiles[username][4:7] == (False, False, True), username  # staff, superuser, active


def test_weak_staff_hashes_are_not_copied(reference):
    """The reference copies both admins' salted md5 hashes verbatim. Both
    are staff (one a superuser), and md5 is too weak for that (issue 19,
    docs/deviations.md): they get an unusable password and come in through
    password reset, each with a weak_password_hash notice."""
    profiles = profiles_by_username(reference)
    for username, legacy_hash in (("oldnode1-owner", ADMIN1_HASH), ("randomuser", ADMIN2_HASH)):
        password = profiles[username][7]
        assert password.startswith("!") and len(password) == 41, (username, password)
        assert legacy_hash[-32:] not in password
    notices = query(
        reference, "select legacy_id, rule, detail from migration.notices where entity = 'auth_user' order by 1, 2"
    )
    # admin 1 also owns nodes 1 and 5: its profile takes the owner's date_joined (B.5), named
    assert [(legacy_id, rule) for legacy_id, rule, _ in notices] == [
        (1, "admin_owns_nodes"), (1, "weak_password_hash"), (2, "weak_password_hash"),
    ]
    for _, rule, detail in notices:
        if rule == "admin_owns_nodes":
            continue
        assert "a well-formed md5 hash" in detail
        assert "C2xwUqHfBz4P" not in detail and "f37f9e6f" not in detail


def test_new_owners_get_an_unusable_password(reference):
    profiles = profiles_by_username(reference)
    passwords = [profiles[username][7] for username in NEW_OWNERS]
    for username, password in zip(NEW_OWNERS, passwords, strict=True):
        # Django's unusable password: "!" + 40 random characters (F.1)
        assert password.startswith("!"), (username, password)
        assert len(password) == 41, (username, password)
        assert "$" not in password and not any(ch.isspace() for ch in password), (username, password)
    assert len(set(passwords)) == len(passwords), "unusable passwords must be random, not a constant"


# --- nodes ----------------------------------------------------------------


def test_node_fields(reference):
    rows = query(
        reference,
        "select node.id, node.name, node.slug, node.description, node.elev, node.added, node.updated,"
        " layer.slug, status.slug, profile.username"
        " from nodes_node as node"
        " inner join layers_layer as layer on layer.id = node.layer_id"
        " inner join nodes_status as status on status.id = node.status_id"
        " inner join profiles_profile as profile on profile.id = node.user_id",
    )
    assert {row[0]: row[1:] for row in rows} == EXPECTED_NODES


def test_node_geometry_is_exact(reference):
    rows = query(
        reference,
        "select id, st_x(geometry), st_y(geometry), st_srid(geometry), geometrytype(geometry) from nodes_node",
    )
    assert sorted(row[0] for row in rows) == sorted(EXPECTED_POINTS)
    for node_id, x, y, srid, kind in rows:
        expected_x, expected_y = EXPECTED_POINTS[node_id]
        assert (srid, kind) == (4326, "POINT"), node_id
        assert abs(x - expected_x) <= 1e-12, (node_id, "x (longitude)", x, expected_x)
        assert abs(y - expected_y) <= 1e-12, (node_id, "y (latitude)", y, expected_y)


def test_node_data_hstore(reference):
    rows = query(reference, "select id, hstore_to_json(data)::jsonb from nodes_node")
    assert dict(rows) == EXPECTED_DATA  # postal codes keep their leading zeros


def test_node5_gets_a_second_profile_with_the_same_owner_text(reference):
    rows = query(
        reference,
        "select node.id, profile.username, profile.email, profile.is_superuser"
        " from nodes_node as node inner join profiles_profile as profile on profile.id = node.user_id"
        " where node.id in (1, 5) order by node.id",
    )
    assert rows == [
        (1, "oldnode1-owner", "oldnode1@test.com", True),  # the admin, reused by email
        (5, "oldnode1-owner2", "different@address.com", False),
    ]


# --- companion rows Django's signals would have written (target-schema 7) --


def test_every_profile_is_in_group_registered_once(reference):
    rows = query(
        reference,
        "select profile.username, array_agg(grp.name order by grp.name)"
        " from profiles_profile as profile"
        " left join profiles_profile_groups as membership on membership.profile_id = profile.id"
        " left join auth_group as grp on grp.id = membership.group_id"
        " group by profile.username",
    )
    assert dict(rows) == {username: ["registered"] for username in EXPECTED_PROFILES}


@pytest.mark.parametrize("table", ["notifications_user_web_settings", "notifications_user_email_settings"])
def test_one_notification_settings_row_per_profile(reference, table):
    rows = query(
        reference,
        sql.SQL(
            "select profile.username, count(settings.id),"
            " min(settings.node_created), min(settings.node_status_changed),"
            " bool_and(settings.node_own_status_changed), min(settings.node_deleted)"
            " from profiles_profile as profile left join {} as settings on settings.user_id = profile.id"
            " group by profile.username"
        ).format(sql.Identifier(table)),
    )
    assert {row[0]: row[1:] for row in rows} == {username: (1, 30, 30, True, 30) for username in EXPECTED_PROFILES}
    assert scalar(reference, sql.SQL("select count(*) from {}").format(sql.Identifier(table))) == 6


def test_one_participation_counts_and_settings_row_per_node(reference):
    counts = query(
        reference,
        "select node.id, count(pc.id), min(pc.likes), min(pc.dislikes), min(pc.rating_count),"
        " min(pc.rating_avg), min(pc.comment_count)"
        " from nodes_node as node left join participation_node_counts as pc on pc.node_id = node.id"
        " group by node.id",
    )
    assert {row[0]: row[1:] for row in counts} == {node_id: (1, 0, 0, 0, 0.0, 0) for node_id in EXPECTED_NODES}
    settings = query(
        reference,
        "select node.id, count(ps.id), bool_and(ps.voting_allowed), bool_and(ps.rating_allowed),"
        " bool_and(ps.comments_allowed)"
        " from nodes_node as node left join participation_node_settings as ps on ps.node_id = node.id"
        " group by node.id",
    )
    assert {row[0]: row[1:] for row in settings} == {node_id: (1, True, True, True) for node_id in EXPECTED_NODES}
    assert scalar(reference, "select count(*) from participation_node_counts") == 5
    assert scalar(reference, "select count(*) from participation_node_settings") == 5

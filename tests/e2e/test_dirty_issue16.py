"""Issue 16: dirty data a new user met, which stopped the run or changed values silently.

sql/fixtures/dirty_issue16.sql (both engines) and dirty_issue16_sqlite.sql
(what a MariaDB column cannot hold: admins differing only in case, text in a
double column, ISO and epoch timestamps) are migrated once per legacy engine
after the reference rows. A case whose value only SQLite can hold is a
SQLite-only test (`sqlite_only`: no MariaDB test is collected for it, none is
skipped); where MariaDB can hold an equivalent value it has its own test.
Each case of the issue is one test:

1. an interface with a NULL cname migrates (it stopped the build);
2. the second of two admins differing only in case is rejected with its
   reason (it stopped the build);
3. node names are kept as typed, and a clean name never loses to a dirty one;
4. a valid legacy slug wins over a computed one;
5. an unreadable alt becomes NULL with a notice naming it;
6. contact from_email stays as typed, or is trimmed with a notice;
7. wireless mode AP becomes the target's choice ap, with a notice;
8. ISO 8601 (T, Z, offsets) and epoch seconds/milliseconds are read, an
   ambiguous date is reported;
9. slugify keeps a leading or trailing v.

And the standing check of item 2 (tests/generic/no_silent_change.sql), which
gates every build: it passed in these runs, and it names a change made
without a notice.
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from conftest import make_legacy, make_target, query, run_migrate, scalar

from nodeshot_migrate.dbt import target_path
from nodeshot_migrate.urls import TargetDatabase

# Target state before the migration, for the gaps of docs/constraints.md
# (rows 161xx of the fixtures): a site node holding node 16101's 72-character
# legacy slug, and a site profile with a blank email.
LONG_SLUG = "a-valid-legacy-slug-of-seventy-two-characters-that-a-site-node-holds-xyz"
SITE_SQL = """
insert into nodes_node (id, added, updated, access_level, name, slug, is_published, geometry, data, layer_id)
values (900, now(), now(), 0, 'site node', 'a-valid-legacy-slug-of-seventy-two-characters-that-a-site-node-holds-xyz',
    true, st_setsrid(st_makepoint(10.2, 40.2), 4326), '', 5);
insert into profiles_profile (id, password, last_login, is_superuser, username, email, first_name, last_name,
    about, gender, birth_date, address, city, country, is_staff, is_active, date_joined)
values (900, '!site', null, false, 'site-blank', '', 'Site', 'Blank', '', '', null, '', '', '',
    false, true, '2020-01-01 00:00:00+00');
select setval('profiles_profile_id_seq', 900);
"""


class Migrated:
    def __init__(self, engine: str, target: TargetDatabase) -> None:
        self.engine = engine
        self.target = target


@pytest.fixture(scope="module", params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def dirty(request, cluster) -> Migrated:
    engine = request.param
    fixtures = ["reference_legacy.sql", "dirty_issue16.sql"]
    if engine == "sqlite":
        fixtures.append("dirty_issue16_sqlite.sql")
    legacy = make_legacy(request, engine, *fixtures, tag=f"dirty16_{engine}")
    target = make_target(cluster, f"dirty16_{engine}")
    with psycopg.connect(target.url) as conn:
        conn.execute(SITE_SQL)
    code = run_migrate(legacy, target)
    assert code == 0, run_migrate.last_output
    return Migrated(engine, target)


# A test of a value only a SQLite column can hold: the module's SQLite
# migration only (the same fixture instance, no extra run).
sqlite_only = pytest.mark.parametrize("dirty", ["sqlite"], indirect=True)


def notice(target: TargetDatabase, entity: str, legacy_id: int, rule: str) -> str | None:
    return scalar(
        target,
        "select detail from migration.notices where entity = %s and legacy_id = %s and rule = %s",
        (entity, legacy_id, rule),
    )


def node(target: TargetDatabase, node_id: int) -> dict:
    with psycopg.connect(target.url) as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute("select * from nodes_node where id = %s", (node_id,)).fetchone()


def test_case_1_interface_with_a_null_cname_migrates(dirty):
    assert query(dirty.target, "select name from net_interface where id = 16001") == [(None,)]
    assert scalar(dirty.target, "select count(*) from migration.rejects where legacy_id between 16000 and 16099") == (
        1 if dirty.engine == "sqlite" else 0  # only the admin of case 2
    )


@sqlite_only  # a MariaDB utf8_general_ci UNIQUE username cannot hold carla and Carla
def test_case_2_admins_differing_only_in_case(dirty):
    rejects = "select rule, detail from migration.rejects where entity = 'auth_user' and legacy_id < 16100"
    assert query(dirty.target, rejects) == [(
        "duplicate_admin_username",
        "admin 16002 'Carla': another legacy admin with a lower id, 16001 'carla', has the same username"
        " up to case (Django looks usernames up case-insensitively) - rename one of them",
    )]
    assert query(dirty.target, "select username, email from profiles_profile where lower(username) = 'carla'") == [
        ("carla", "carla.one@test.com"),
    ]


def test_case_3_names_are_kept_as_typed(dirty):
    assert node(dirty.target, 16001)["name"] == "  Piazza Grande"
    assert node(dirty.target, 16002)["name"] == "Piazza Grande"
    assert notice(dirty.target, "nodeshot_node", 16002, "slug_changed") is None


def test_case_4_a_valid_legacy_slug_wins(dirty):
    assert node(dirty.target, 16004)["slug"] == "caffe-nero"
    assert notice(dirty.target, "nodeshot_node", 16004, "slug_changed") is None
    assert node(dirty.target, 16003)["slug"] == "caffe-nero-16003"
    assert notice(dirty.target, "nodeshot_node", 16003, "slug_changed") == (
        "node 16003 'Caffè Nero': legacy slug 'caffè nero' is not a valid slug (letters, digits, - and _),"
        " and slugify(name) 'caffe-nero' is another node's slug; stored as 'caffe-nero-16003'"
    )


@sqlite_only  # a MariaDB double column cannot hold 'n/a'
def test_case_5_unreadable_alt_is_reported(dirty):
    assert node(dirty.target, 16005)["elev"] is None
    assert notice(dirty.target, "nodeshot_node", 16005, "elev_unreadable") == (
        "node 16005 'no altitude': alt 'n/a' is not a number; elev left empty (NULL)"
    )


def test_case_5_a_readable_alt_is_kept_without_a_notice(dirty):
    assert node(dirty.target, 16007)["elev"] == 12.5
    assert notice(dirty.target, "nodeshot_node", 16007, "elev_unreadable") is None


def test_case_6_contact_from_email_stays_as_typed(dirty):
    assert query(dirty.target, "select id, from_email from mailing_inward where id in (16001, 16002) order by id") == [
        (16001, "Typed.Sender@Test.com"),
        (16002, "spaced.sender@test.com"),
    ]
    assert notice(dirty.target, "nodeshot_contact", 16001, "from_email_trimmed") is None
    assert notice(dirty.target, "nodeshot_contact", 16002, "from_email_trimmed") == (
        "contact 16002: from_email ' spaced.sender@test.com ' has spaces around it, which an address cannot"
        " hold; stored as 'spaced.sender@test.com'"
    )


def test_case_7_wireless_mode_mapped_with_a_notice(dirty):
    assert query(dirty.target, "select mode from net_interface_wireless where interface_ptr_id = 16002") == [("ap",)]
    assert notice(dirty.target, "nodeshot_interface", 16002, "wireless_mode_changed") == (
        "interface 16002 'wlan0': wireless mode 'AP' stored as 'ap', the spelling of nodeshot 1.x's choices"
    )
    # the reference interface with mode 'ap' as typed has no notice
    assert notice(dirty.target, "nodeshot_interface", 2, "wireless_mode_changed") is None


@sqlite_only  # a MariaDB datetime column holds none of these forms
def test_case_8_iso_and_epoch_timestamps_are_read(dirty):
    iso = node(dirty.target, 16005)
    assert iso["added"] == datetime(2012, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert iso["updated"] == datetime(2012, 3, 4, 6, 6, 7, tzinfo=UTC)
    epoch = node(dirty.target, 16006)
    assert epoch["added"] == datetime(2012, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert epoch["updated"] == datetime(2012, 3, 4, 5, 6, 7, 250000, tzinfo=UTC)
    for node_id in (16005, 16006):
        assert notice(dirty.target, "nodeshot_node", node_id, "date_defaulted") is None
    assert "date '03/04/2012' unreadable or ambiguous" in notice(
        dirty.target, "nodeshot_contact", 16003, "date_defaulted"
    )


def test_case_8_a_date_mariadb_holds_but_no_one_can_read_is_reported(dirty):
    """The MariaDB side of case 8: a datetime column holds the zero date, which is no instant."""
    assert "date '0000-00-00 00:00:00' unreadable or ambiguous" in notice(
        dirty.target, "nodeshot_contact", 16004, "date_defaulted"
    )


def test_case_9_slugify_keeps_the_letter_v(dirty):
    assert node(dirty.target, 16007)["slug"] == "ivan-petrov"
    assert query(dirty.target, "select username from profiles_profile where email = 'vpelu@test.com'") == [("vpelu",)]


@sqlite_only  # a MariaDB slug column is varchar(50): the legacy slug cannot be that long
def test_gap_long_legacy_slug_taken_stays_within_75(dirty):
    """A valid legacy slug of 70-75 characters that needs -<id> is cut first."""
    slug = node(dirty.target, 16101)["slug"]
    assert slug == LONG_SLUG[: 75 - len("-16101")] + "-16101"
    assert len(slug) == 75
    assert LONG_SLUG in notice(dirty.target, "nodeshot_node", 16101, "slug_changed")


def test_gap_blank_admin_email_taken_by_a_site_profile(dirty):
    """profiles_profile.email is unique: the blank-email admin is rejected with its reason."""
    rejects = "select rule, detail from migration.rejects where entity = 'auth_user' and legacy_id = 16101"
    assert query(dirty.target, rejects) == [(
        "blank_email_taken",
        "admin 16101 'blank-mail-admin': its email is blank and a profile of the target site already has the"
        " blank email (profiles_profile.email is unique) - give the legacy admin an email",
    )]
    assert query(dirty.target, "select id from profiles_profile where email = ''") == [(900,)]


def test_gap_ids_zero_and_below(dirty):
    """A negative id is rejected (the apply's provisional ids are negative); id 0 migrates as itself."""
    rejects = "select rule from migration.rejects where entity = 'nodeshot_node' and legacy_id = -16102"
    assert query(dirty.target, rejects) == [("id_out_of_range",)]
    assert scalar(dirty.target, "select count(*) from nodes_node where name = 'negative id node'") == 0
    if dirty.engine == "sqlite":  # a MariaDB AUTO_INCREMENT column cannot hold 0
        assert node(dirty.target, 0)["slug"] == "zero-id-node"


def test_every_table_balances(dirty):
    rows = query(
        dirty.target,
        "select entity, legacy_rows, migrated + merged + rejected + not_migrated from migration.reconciliation",
    )
    assert rows
    assert [(entity, legacy, accounted) for entity, legacy, accounted in rows if legacy != accounted] == []


def compiled_check(target: TargetDatabase, mart: str, entity: str | None = None) -> str:
    """The SQL of the no_silent_change data test of `mart` (the one against legacy table `entity`,
    for a mart checked against two), as the gate compiled and ran it: in the build's folder (a small map
    runs every data test in the build) or in that of the tests beside the apply."""
    build = target_path(target)
    folders = [build / "compiled", build.with_name(build.name + "-tests") / "compiled"]
    (check,) = {
        text for folder in folders for text in (path.read_text() for path in folder.rglob("no_silent_change_*.sql"))
        if f'"migration"."{mart}" as written' in text and (entity is None or f"where entity = '{entity}'" in text)
    }
    return check


def test_the_no_silent_change_check_runs_in_the_build_and_catches_a_change(dirty):
    """The build's check passed (the run committed); a squished name or a
    NULLed alt without its notice is what it catches."""
    with psycopg.connect(dirty.target.url) as conn:
        check = compiled_check(dirty.target, "nodes_node")
        assert conn.execute(check).fetchall() == []
        conn.execute("update migration.nodes_node set name = btrim(name) where id = 16001")
        conn.execute("delete from migration.notices where rule = 'elev_unreadable'")
        expected = [(16001, "name: legacy '  Piazza Grande' written as 'Piazza Grande'")]
        if dirty.engine == "sqlite":  # case 5's alt 'n/a' (a MariaDB double cannot hold it)
            expected.append((16005, "elev: legacy 'n/a' written as NULL"))
        assert sorted(conn.execute(check).fetchall()) == expected
        conn.rollback()
        check = compiled_check(dirty.target, "mailing_inward")
        conn.execute("delete from migration.notices where rule = 'from_email_trimmed'")
        assert conn.execute(check).fetchall() == [
            (16002, "from_email: legacy ' spaced.sender@test.com ' written as 'spaced.sender@test.com'"),
        ]
        conn.rollback()
        check = compiled_check(dirty.target, "net_interface_wireless")
        conn.execute("delete from migration.notices where rule = 'wireless_mode_changed'")
        assert conn.execute(check).fetchall() == [(16002, "mode: legacy 'AP' written as 'ap'")]
        conn.rollback()


def test_the_network_checks_catch_a_change(dirty):
    """net_device, net_interface, its VAPs and links_link are checked too: their columns as typed
    (a MAC in any spelling of the same address), a change without its notice is named."""
    with psycopg.connect(dirty.target.url) as conn:
        check = compiled_check(dirty.target, "net_device")
        assert conn.execute(check).fetchall() == []
        conn.execute("update migration.net_device set name = upper(name) where id = 16001")
        assert conn.execute(check).fetchall() == [(16001, "name: legacy 'dirty16-device' written as 'DIRTY16-DEVICE'")]
        conn.rollback()
        check = compiled_check(dirty.target, "net_interface")
        assert conn.execute(check).fetchall() == []
        conn.execute("update migration.net_interface set mac = '00:11:22:33:44:55', name = 'wlan' where id = 16002")
        assert sorted(conn.execute(check).fetchall()) == [
            (16002, "mac: legacy NULL written as '00:11:22:33:44:55'"),
            (16002, "name: legacy 'wlan0' written as 'wlan'"),
        ]
        conn.rollback()
        check = compiled_check(dirty.target, "net_interface_vap")
        assert conn.execute(check).fetchall() == []
        conn.execute("update migration.net_interface_vap set essid = 'Dirty16' where interface_id = 16002")
        assert conn.execute(check).fetchall() == [(16002, "essid: legacy 'dirty16' written as 'Dirty16'")]
        conn.rollback()
        check = compiled_check(dirty.target, "links_link")
        assert conn.execute(check).fetchall() == []
        (link,) = conn.execute("select min(id) from migration.links_link").fetchone()
        conn.execute("update migration.links_link set dbm = dbm + 1, metric_value = 0.5 where id = %s", (link,))
        assert [(legacy_id, change.split(":")[0]) for legacy_id, change in sorted(conn.execute(check).fetchall())] == [
            (link, "dbm"), (link, "metric_value"),
        ]
        conn.rollback()


def test_profiles_and_addresses_are_checked(dirty):
    """profiles_profile and profiles_emailaddress map to their legacy rows through int_users_unified:
    an admin's by its auth_user id, an owner's by its first node. The admin who owns node 16103 takes the
    owner's email, trimmed, and names (B.5): both changes are named, and without their notices the
    checks name them; a password change is named by its shape only."""
    admin_notice = notice(dirty.target, "auth_user", 16103, "admin_owns_nodes")
    assert "admin 'owneradmin' owns nodes (first node 16103)" in admin_notice
    assert "the owner's email 'owner.admin@test.com', first / last name 'Node' / 'Owner'" in admin_notice
    assert "the admin had 'Owner.Admin@test.com', 'Adele' / 'Admin'" in admin_notice
    assert notice(dirty.target, "nodeshot_node", 16103, "email_trimmed") == (
        "node 16103: owner email ' owner.admin@test.com ' has spaces around it, which an address cannot hold;"
        " stored as 'owner.admin@test.com'"
    )
    assert query(
        dirty.target, "select email, first_name, last_name from profiles_profile where username = 'owneradmin'"
    ) == [("owner.admin@test.com", "Node", "Owner")]
    checks = {
        (mart, entity): compiled_check(dirty.target, mart, entity)
        for mart in ("profiles_profile", "profiles_emailaddress") for entity in ("auth_user", "nodeshot_node")
    }
    with psycopg.connect(dirty.target.url) as conn:
        for check in checks.values():
            assert conn.execute(check).fetchall() == []
        conn.execute("delete from migration.notices where rule in ('admin_owns_nodes', 'email_trimmed')")
        assert sorted(conn.execute(checks["profiles_profile", "auth_user"]).fetchall()) == [
            # the reference admin 1 owns nodes 1 and 5, added before it joined
            (1, "date_joined: legacy '2013-06-18 13:36:47' written as '2013-06-14 13:30:29+00'"),
            (16103, "date_joined: legacy '2012-01-01 00:00:00' written as '2013-07-01 10:00:00+00'"),
            (16103, "email: legacy 'Owner.Admin@test.com' written as 'owner.admin@test.com'"),
            (16103, "first_name: legacy 'Adele' written as 'Node'"),
            (16103, "last_name: legacy 'Admin' written as 'Owner'"),
        ]
        assert conn.execute(checks["profiles_profile", "nodeshot_node"]).fetchall() == [
            (16103, "email: legacy ' owner.admin@test.com ' written as 'owner.admin@test.com'"),
        ]
        assert conn.execute(checks["profiles_emailaddress", "nodeshot_node"]).fetchall() == [
            (16103, "email: legacy ' owner.admin@test.com ' written as 'owner.admin@test.com'"),
        ]
        conn.rollback()
        # an admin without nodes: its address and its flags as typed
        conn.execute("update migration.profiles_emailaddress set email = upper(email)")
        conn.execute("update migration.profiles_profile set is_staff = not is_staff, password = 'plain text'"
                     " where username = 'oldnode1-owner'")
        assert (2, "email: legacy 'random@test.com' written as 'RANDOM@TEST.COM'") in conn.execute(
            checks["profiles_emailaddress", "auth_user"]
        ).fetchall()
        changes = conn.execute(checks["profiles_profile", "auth_user"]).fetchall()
        assert sorted(changes) == [
            (1, "is_staff: legacy '1' written as 'false'"),
        ], changes  # the password has its weak_password_hash notice
        conn.execute("delete from migration.notices where rule = 'weak_password_hash' and legacy_id = 1")
        changes = conn.execute(checks["profiles_profile", "auth_user"]).fetchall()
        assert (1, "password: legacy a well-formed md5 hash written as not a hash Django knows"
                " (plain text or an unknown format)") in changes
        assert "plain text'" not in str(changes) and "C2xwUqHfBz4P" not in str(changes)
        conn.rollback()


def test_ip_addresses_are_checked(dirty):
    """net_ip maps to its interface: the address is the one typed in either address column."""
    assert query(dirty.target, "select host(address), protocol from net_ip where interface_id = 16003 order by 1") == [
        ("10.16.0.1", "ipv4"), ("10.16.0.2", "ipv4"),
    ]
    check = compiled_check(dirty.target, "net_ip")
    with psycopg.connect(dirty.target.url) as conn:
        assert conn.execute(check).fetchall() == []
        conn.execute("update migration.net_ip set address = '10.16.0.9' where address = '10.16.0.2'")
        assert conn.execute(check).fetchall() == [
            (16003, "address: legacy '10.16.0.1' / '10.16.0.2' written as '10.16.0.9/32'"),
        ]
        conn.rollback()


def test_an_undeclared_mart_column_fails_the_check(dirty):
    """A column the declaration does not know fails the check: a column added to a mart later cannot
    escape it. The catalog is read when the check runs, so adding one to the built mart is enough."""
    with psycopg.connect(dirty.target.url) as conn:
        for mart, entity in (
            ("nodes_node", None), ("net_device", None), ("net_interface", None), ("net_interface_vap", None),
            ("links_link", None), ("mailing_inward", None), ("net_ip", None),
            ("profiles_profile", "auth_user"), ("profiles_profile", "nodeshot_node"),
            ("profiles_emailaddress", "auth_user"), ("profiles_emailaddress", "nodeshot_node"),
        ):
            check = compiled_check(dirty.target, mart, entity)
            conn.execute(f"alter table migration.{mart} add column surprise integer")
            assert conn.execute(check).fetchall() == [
                (None, "column surprise is declared neither as a legacy value nor as derived"),
            ]
            conn.rollback()

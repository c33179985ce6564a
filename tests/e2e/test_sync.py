"""Re-runs and periodic sync (issue 4): the reference scenario's later runs,
idempotence, collisions, concurrency, and `forget`.

Adapted from the reference where docs/deviations.md says why: profiles the
site created are linked to but never rewritten, and staff or superuser
profiles are never deleted.
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from conftest import legacy_exec, legacy_exec_file, public_dump, query, run_migrate, scalar

from nodeshot_migrate.sync import forget

COUNTS = """
    select
        (select count(*) from nodes_node),
        (select count(*) from net_device),
        (select count(*) from net_interface),
        (select count(*) from net_ip),
        (select count(*) from net_interface_vap),
        (select count(*) from links_link),
        (select count(*) from profiles_profile),
        (select count(*) from profiles_emailaddress),
        (select count(*) from profiles_emailconfirmation),
        (select count(*) from mailing_inward)
"""


def test_reference_test1_second_and_third_runs(new_target, legacy_factory):
    legacy = legacy_factory("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    assert query(target, COUNTS) == [(5, 2, 4, 8, 2, 1, 6, 6, 0, 1)]

    # Second run: the legacy site gained a node, a device, an interface,
    # a link and a contact.
    legacy_exec_file(legacy, "reference_legacy_run2.sql")
    assert run_migrate(legacy, target) == 0
    # Nothing wrote to the site between the build and the apply: the apply
    # read the build's frozen marts (the contrary: test_site_write_between_...).
    assert "the application tables changed" not in run_migrate.last_output
    assert query(target, COUNTS) == [(6, 3, 5, 10, 2, 2, 7, 7, 0, 2)]
    assert scalar(target, "select count(*) from profiles_profile where is_staff") == 2
    assert scalar(target, "select count(*) from profiles_profile where is_superuser") == 1
    owners = query(
        target,
        "select profiles.username from nodes_node as nodes"
        " join profiles_profile as profiles on profiles.id = nodes.user_id order by nodes.id",
    )
    assert [row[0] for row in owners] == [
        "oldnode1-owner", "oldnode2-owner", "oldnode3-pisano", "oldnode4-default", "oldnode1-owner2",
        "addednode1-owner",
    ]
    node6 = query(
        target,
        "select nodes.name, nodes.description, profiles.email, layers.slug from nodes_node as nodes"
        " join profiles_profile as profiles on profiles.id = nodes.user_id"
        " join layers_layer as layers on layers.id = nodes.layer_id where nodes.id = 6",
    )
    assert node6 == [("addednode1", "addednode1-description", "addednode@test.com", "rome")]
    assert scalar(target, "select name from net_device order by id desc limit 1") == "addeddevice1"
    last_interface = query(
        target,
        "select interfaces.name, count(ips.id) from net_interface as interfaces"
        " left join net_ip as ips on ips.interface_id = interfaces.id"
        " group by interfaces.id order by interfaces.id desc limit 1",
    )
    assert last_interface == [("addedeth", 2)]
    assert query(target, "select interface_b_id, dbm from links_link order by id desc limit 1") == [(5, -75)]
    assert scalar(target, "select from_name from mailing_inward order by id desc limit 1") == "Added"
    # Defect E.17 fixed: the eth interfaces of the new link keep their kind.
    assert query(target, "select id, type from net_interface where id in (1, 5) order by id") == [(1, 1), (5, 1)]

    # Third run: a profile created on the site with the email of a new
    # legacy owner is linked to, not duplicated, and not rewritten.
    with psycopg.connect(target.url) as conn:
        conn.execute(
            "insert into profiles_profile (password, is_superuser, username, email, first_name, last_name, about,"
            " gender, address, city, country, is_staff, is_active, date_joined) values ('!x', false,"
            " 'icausetroubles', 'troublemaker@test.com', 'Trouble', 'Maker', '', '', '', '', '', false, true, now())"
        )
        conn.execute(
            "insert into profiles_emailaddress (email, verified, \"primary\", user_id)"
            " select email, false, true, id from profiles_profile where username = 'icausetroubles'"
        )
    site_profile_before = query(target, "select * from profiles_profile where username = 'icausetroubles'")
    legacy_exec_file(legacy, "reference_legacy_run3.sql")
    assert run_migrate(legacy, target) == 0
    troubling = query(
        target,
        "select profiles.username, nodes.layer_id from nodes_node as nodes"
        " join profiles_profile as profiles on profiles.id = nodes.user_id where nodes.name = 'troublingnode'",
    )
    assert troubling == [("icausetroubles", 5)]
    assert query(target, "select * from profiles_profile where username = 'icausetroubles'") == site_profile_before
    assert query(target, "select verified from profiles_emailaddress where email = 'troublemaker@test.com'") == [
        (False,)
    ]
    assert scalar(
        target, "select count(*) from migration.owned_rows where table_name = 'profiles_profile' and row_id = %s",
        (site_profile_before[0][0],),
    ) == 0


def test_second_run_without_change_changes_nothing(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql", "reference_legacy_run2.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    before = public_dump(target)
    runs = query(target, "select run_id, input_fingerprint from migration.runs")
    assert len(runs) == 1 and runs[0][1], "the run records the digest of the inputs it leaves"
    # Same legacy rows, same target, same settings: stops after the load.
    assert run_migrate(legacy, target) == 0
    assert f"no changes: the legacy rows, the target and the settings are exactly those run {runs[0][0]} left" in (
        run_migrate.last_output
    )
    assert "build:" not in run_migrate.last_output
    assert query(target, "select run_id, input_fingerprint from migration.runs") == runs
    assert public_dump(target) == before
    # Built and applied anyway: every row compares equal, nothing is rewritten.
    assert run_migrate(legacy, target, rebuild=True) == 0
    assert "no changes: the target already matches the legacy database" in run_migrate.last_output
    assert public_dump(target) == before


@pytest.mark.parametrize(
    ("change", "options"),
    [
        ("site", {}),
        ("settings", {"import_links": False}),
        ("ledger", {}),
    ],
)
def test_changed_inputs_are_built_again(new_target, legacy_sqlite, change, options):
    """The shortcut holds only while nothing the build reads has changed: a
    row the site edited, another option, or an edited ledger each make the
    next run build and apply again."""
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    with psycopg.connect(target.url) as conn:
        if change == "site":
            conn.execute("update nodes_node set address = 'via Roma 1' where id = 1")
        elif change == "ledger":
            conn.execute("delete from migration.owned_rows where table_name = 'links_link'")
    assert run_migrate(legacy, target, **options) == 0
    assert "build:" in run_migrate.last_output
    assert "exactly those run" not in run_migrate.last_output
    if change == "site":
        assert scalar(target, "select address from nodes_node where id = 1") == "via Roma 1"


def test_changed_legacy_rows_update_only_what_changed(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    updated_before = dict(query(target, "select id, updated from nodes_node"))
    # Node 2 stops being a hotspot and moves; node 3 gets a new owner name.
    legacy_exec(
        legacy,
        "update nodeshot_node set status = 'a', lat = 41.91, updated = '2014-01-01 10:00:00' where id = 2;"
        "update nodeshot_node set owner = 'Marco Pisano' where id = 3;",
    )
    assert run_migrate(legacy, target) == 0
    node2 = query(
        target,
        "select data ? 'is_hotspot', data -> 'imported', data -> 'postal_code', st_y(geometry)"
        " from nodes_node where id = 2",
    )
    assert node2 == [(False, "true", "00175", 41.91)], "a stale importer key must go (E.14), the others stay"
    assert query(target, "select first_name, last_name from profiles_profile where email = 'oldnode3@test.com'") == [
        ("Marco", "Pisano")
    ]
    untouched = {node_id: when for node_id, when in query(target, "select id, updated from nodes_node") if node_id != 2}
    assert untouched == {k: v for k, v in updated_before.items() if k != 2}


def test_reference_test2_vanished_node(new_target, legacy_factory):
    legacy = legacy_factory("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    assert "imported" in query(target, "select data from nodes_node where id = 1")[0][0]
    legacy_exec(legacy, "delete from nodeshot_contact where node_id = 1; delete from nodeshot_link;"
                "delete from nodeshot_interface where device_id = 1; delete from nodeshot_device where node_id = 1;"
                "delete from nodeshot_node where id = 1;")
    # Node 5's owner (oldnode1-owner2) is an importer-created, non-staff
    # user: when its only node vanishes too, the user goes as well.
    legacy_exec(legacy, "delete from nodeshot_node where id = 5;")
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select count(*) from nodes_node where id in (1, 5)") == 0
    assert scalar(target, "select count(*) from net_device where node_id = 1") == 0
    assert scalar(target, "select count(*) from net_interface where id in (1, 2)") == 0
    assert scalar(target, "select count(*) from net_ip where interface_id in (1, 2)") == 0
    assert scalar(target, "select count(*) from participation_node_counts where node_id in (1, 5)") == 0
    assert scalar(target, "select count(*) from profiles_profile where username = 'oldnode1-owner2'") == 0
    assert scalar(target, "select count(*) from profiles_emailaddress where email = 'different@address.com'") == 0
    # Deviation from the reference (E.11): the superuser stays.
    assert scalar(target, "select count(*) from profiles_profile where email = 'oldnode1@test.com'") == 1

    with psycopg.connect(target.url) as conn:
        conn.execute(
            "insert into nodes_node (id, added, updated, access_level, name, slug, is_published, geometry, layer_id,"
            " data) values (100, now(), now(), 0, 'added', 'added', true, st_setsrid(st_makepoint(12, 42), 4326),"
            " 5, ''::hstore)"
        )
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select count(*) from nodes_node where slug = 'added'") == 1


def test_reference_test3_vanished_link(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    assert "imported" in query(target, "select data from links_link order by id limit 1")[0][0]
    legacy_exec(legacy, "delete from nodeshot_link;")
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select count(*) from links_link") == 0
    with psycopg.connect(target.url) as conn:
        conn.execute(
            "insert into links_link (id, added, updated, access_level, type, status, data, shortcuts,"
            " interface_a_id, interface_b_id) values (50, now(), now(), 0, 1, 2, ''::hstore, ''::hstore, 2, 4)"
        )
    assert run_migrate(legacy, target) == 0
    assert query(target, "select id from links_link") == [(50,)]


def test_site_row_holding_a_legacy_id_is_not_overwritten(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    with psycopg.connect(target.url) as conn:
        conn.execute(
            "insert into nodes_node (id, added, updated, access_level, name, slug, is_published, geometry, layer_id,"
            " data) values (3, now(), now(), 2, 'site node', 'site-node', true,"
            " st_setsrid(st_makepoint(12.1, 42.1), 4326), 5, '\"mine\"=>\"yes\"'::hstore)"
        )
    site_node = query(target, "select * from nodes_node where id = 3")
    assert run_migrate(legacy, target) == 0
    assert query(target, "select * from nodes_node where id = 3") == site_node
    assert query(target, "select rule from migration.rejects where entity = 'nodeshot_node' and legacy_id = 3") == [
        ("id_taken",)
    ]
    # Its devices, interfaces and contacts cannot migrate without it.
    assert scalar(target, "select count(*) from net_device where node_id = 3") == 0


def test_site_writes_during_a_sync_are_kept(new_target, legacy_sqlite):
    """A site transaction that writes while the sync runs: both survive, nothing deadlocks."""
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    legacy_exec(legacy, "update nodeshot_node set description = 'changed' where id = 4;")
    outcome: dict[str, int] = {}

    def sync() -> None:
        outcome["code"] = run_migrate(legacy, target)

    site = psycopg.connect(target.url)
    # The site starts writing first and commits while the sync is loading,
    # building or waiting for its table locks.
    site.execute(
        "insert into profiles_profile (password, is_superuser, username, email, first_name, last_name, about,"
        " gender, address, city, country, is_staff, is_active, date_joined) values ('!x', false, 'siteuser',"
        " 'site@example.org', '', '', '', '', '', '', '', false, true, now())"
    )
    worker = threading.Thread(target=sync)
    worker.start()
    time.sleep(3)
    site.execute(
        "insert into nodes_node (id, added, updated, access_level, name, slug, is_published, geometry, layer_id,"
        " data, user_id) select 200, now(), now(), 0, 'site node', 'site-node', true,"
        " st_setsrid(st_makepoint(12, 42), 4326), 5, ''::hstore, id from profiles_profile where username = 'siteuser'"
    )
    site.commit()
    # A second write while the sync may hold its locks: it waits, then lands.
    with psycopg.connect(target.url) as other:
        other.execute("update nodes_node set access_level = 1 where id = 200")
    worker.join(timeout=300)
    site.close()
    assert outcome.get("code") == 0
    assert query(target, "select access_level, user_id is not null from nodes_node where id = 200") == [(1, True)]
    assert scalar(target, "select count(*) from profiles_profile where username = 'siteuser'") == 1
    assert scalar(target, "select description from nodes_node where id = 4") == "changed"
    assert scalar(
        target, "select count(*) from migration.owned_rows where table_name = 'nodes_node' and row_id = 200"
    ) == 0


def test_site_write_between_build_and_apply_is_kept(new_target, legacy_sqlite):
    """The big marts are tables frozen by the build (materializations/frozen_view.sql); when the
    site writes after the build started, the apply derives them again from the
    application tables instead of writing the build's stale copy over the site."""
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    legacy_exec(legacy, "update nodeshot_node set description = 'changed' where id = 4;")
    ip_id = scalar(target, "select min(id) from net_ip")

    def site_writes() -> None:
        with psycopg.connect(target.url) as conn:
            conn.execute("update net_ip set access_level = 2 where id = %s", (ip_id,))

    assert run_migrate(legacy, target, after_build=site_writes) == 0
    assert "the application tables changed after the build started" in run_migrate.last_output
    assert scalar(target, "select access_level from net_ip where id = %s", (ip_id,)) == 2
    assert scalar(target, "select description from nodes_node where id = 4") == "changed"


def test_forget_removes_what_a_run_created(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    empty = query(target, COUNTS)
    assert run_migrate(legacy, target) == 0
    run_id = scalar(target, "select max(run_id) from migration.runs")
    assert forget(target, run_id, echo=lambda _line: None) == 0
    assert query(target, COUNTS) == empty
    assert scalar(target, "select count(*) from participation_node_settings") == 0
    assert scalar(target, "select count(*) from notifications_user_web_settings") == 0
    assert scalar(target, "select outcome from migration.runs where run_id = %s", (run_id,)) == "forgotten"
    # The target can be migrated again from scratch.
    assert run_migrate(legacy, target) == 0
    assert query(target, COUNTS)[0][:3] == (5, 2, 4)


def test_sync_cli_prints_one_line(new_target, legacy_sqlite):
    import subprocess

    from nodeshot_migrate import PROJECT_DIR

    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    command = ["./inv", "sync", "--legacy", legacy.url, "--target", target.url, "--default-layer", "5"]
    first = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1].startswith("sync: committed, ")
    second = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    lines = second.stdout.strip().splitlines()
    assert len(lines) == 1 and "no changes" in lines[0] and "legacy times read as UTC" in lines[0]


def test_forget_unknown_run(new_target):
    from nodeshot_migrate.errors import EXIT_USAGE, MigrateError

    with pytest.raises(MigrateError) as failure:
        forget(new_target(), 12345, echo=lambda _line: None)
    assert failure.value.exit_code == EXIT_USAGE


def test_row_the_site_deleted_is_written_again_by_the_next_build(new_target, legacy_sqlite):
    """The site deletes a migrated link and a node (Django cascades to its
    devices, interfaces and links); the legacy still has them. The next sync
    that builds writes them again, as the reference importer does, records
    them under its own run in the ledger, and lists each as a notice: it
    used to fail its own proof (the ledger kept the first run's entries)."""
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    before = query(target, COUNTS)
    with psycopg.connect(target.url) as conn:  # one transaction: Django's keys are checked at COMMIT
        conn.execute("delete from links_link")
        conn.execute("delete from net_ip where interface_id in (select id from net_interface where device_id in"
                     " (select id from net_device where node_id = 2))")
        conn.execute("delete from net_interface_ethernet where interface_ptr_id in (select id from net_interface"
                     " where device_id in (select id from net_device where node_id = 2))")
        conn.execute("delete from net_interface_wireless where interface_ptr_id in (select id from net_interface"
                     " where device_id in (select id from net_device where node_id = 2))")
        conn.execute("delete from net_interface_vap where interface_id in (select id from net_interface"
                     " where device_id in (select id from net_device where node_id = 2))")
        conn.execute("delete from net_interface where device_id in (select id from net_device where node_id = 2)")
        conn.execute("delete from net_device_routing_protocols where device_id in"
                     " (select id from net_device where node_id = 2)")
        conn.execute("delete from net_device where node_id = 2")
        conn.execute("delete from participation_node_counts where node_id = 2")
        conn.execute("delete from participation_node_settings where node_id = 2")
        conn.execute("delete from mailing_inward where object_id = 2")
        conn.execute("delete from nodes_node where id = 2")
    # a legacy change elsewhere, so that the sync builds
    legacy_exec(legacy, "update nodeshot_node set description = 'changed' where id = 3;")
    assert run_migrate(legacy, target) == 0, "the proof before COMMIT must hold"
    assert query(target, COUNTS) == before
    run_id = scalar(target, "select max(run_id) from migration.runs")
    assert scalar(target, "select run_id from migration.owned_rows where table_name = 'nodes_node' and row_id = 2") \
        == run_id
    rewritten = scalar(
        target,
        "select count(*) from migration.notices where rule = 'site_deletion_undone'"
        " and entity = 'nodes_node' and legacy_id = 2",
    )
    assert rewritten == 1
    # and a third run with nothing new writes nothing
    assert run_migrate(legacy, target) == 0
    assert query(target, COUNTS) == before

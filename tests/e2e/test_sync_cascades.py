"""Every cascade path of macros/cascade.sql, the site's own content across a
sync, the apply's table locks and migration.runs.counts for every table
(issue 17, "No cascade loses a legacy row" and "Tests"; issue 18, items 2
and 3).

One scenario, built once for the module (SQLite legacy, nodeshot's full
schema):

* first run: the reference scenario's two legacy states together, plus a
  device that the legacy later moves from node 5 to node 4 (interfaces 6,
  7 and link 3 with it), a device left on node 5 (interfaces 8 and 10)
  and an interface that moves from device 3 (node 6) to device 2;
* the site then adds its own content: comments, ratings, votes, images,
  external ids, connectors, hardware, devices, interfaces of every kind,
  IP addresses and links on those nodes, devices and interfaces; and
  everything that makes a profile one the site uses (issue 18, item 3) on
  the profile of node 5's owner;
* the sync: the legacy deletes nodes 5 and 6 (device 3 and interface 5
  with node 6, and contact 1), moves device 4 and interface 9, changes
  node 4 and adds node 7. While it runs, a site transaction writes a
  comment, and the apply's locks are watched;
* `invoke forget` of the first run: Django's cascade for a user, on the
  profile the sync kept.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg
import pytest
from conftest import legacy_exec, make_legacy, make_target, query, run_migrate, scalar

from nodeshot_migrate.nodeshot import SHARED_NODESHOT
from nodeshot_migrate.sync import forget
from nodeshot_migrate.verify import verify_nodeshot

# Added to the reference scenario before the first run.
MORE_LEGACY = """
INSERT INTO nodeshot_device
    (id, name, cname, description, type, node_id, routing_protocol, routing_protocol_version, added, updated)
VALUES
    (4, 'movingdevice', 'movingdevice', 'moves to node 4', 'test model', 5, 'olsr', NULL,
     '2013-10-03 13:30:29', '2013-10-04 13:36:47'),
    (5, 'leftdevice', 'leftdevice', 'stays on node 5', 'test model', 5, 'olsr', NULL,
     '2013-10-03 13:30:29', '2013-10-04 13:36:47');
INSERT INTO nodeshot_interface
    (id, ipv4_address, ipv6_address, mac_address, type, cname, device_id, draw_link, wireless_mode,
     wireless_channel, wireless_polarity, essid, bssid, status, added, updated)
VALUES
    (6, '10.40.5.1', '2001:4c00:893b:fede:eddb:decd:e878:8906', '00:27:22:38:D1:56', 'eth', 'movingeth', 4,
     1, NULL, NULL, NULL, NULL, NULL, 'r', '2013-10-05 13:30:29', '2013-10-06 13:30:29'),
    (7, '172.16.40.57', '2001:4c00:893b:fede:eddb:decd:e878:8907', '00:27:22:38:D1:57', 'wifi', 'movingwifi', 4,
     1, 'ap', '5620', 'c', 'essid moving', 'bssidmoving', 'r', '2013-10-05 13:30:29', '2013-10-06 13:30:29'),
    (8, '10.40.5.8', '2001:4c00:893b:fede:eddb:decd:e878:8908', '00:27:22:38:D1:58', 'eth', 'lefteth', 5,
     1, NULL, NULL, NULL, NULL, NULL, 'r', '2013-10-05 13:30:29', '2013-10-06 13:30:29'),
    (9, '10.40.6.9', '2001:4c00:893b:fede:eddb:decd:e878:8909', '00:27:22:38:D1:59', 'eth', 'movingeth2', 3,
     1, NULL, NULL, NULL, NULL, NULL, 'r', '2013-10-05 13:30:29', '2013-10-06 13:30:29'),
    (10, '172.16.40.60', '2001:4c00:893b:fede:eddb:decd:e878:8910', '00:27:22:38:D1:60', 'wifi', 'leftwifi', 5,
     1, 'ap', '5620', 'c', 'essid left', 'bssidleft', 'r', '2013-10-05 13:30:29', '2013-10-06 13:30:29');
INSERT INTO nodeshot_link (id, from_interface_id, to_interface_id, etx, dbm, sync_tx, sync_rx, hide)
VALUES (3, 7, 4, 1, -70, 50, 50, 0);
"""

# What the legacy site does before the sync. Device 5 stays behind on the
# vanished node 5 (an orphan the sync rejects), and link 2 keeps pointing
# at the vanished interface 5: rows that exist but no longer migrate.
LEGACY_CHANGES = """
UPDATE nodeshot_device SET node_id = 4 WHERE id = 4;
UPDATE nodeshot_interface SET device_id = 2 WHERE id = 9;
DELETE FROM nodeshot_node WHERE id IN (5, 6);
DELETE FROM nodeshot_interface WHERE id = 5;
DELETE FROM nodeshot_device WHERE id = 3;
DELETE FROM nodeshot_contact WHERE id = 1;
UPDATE nodeshot_node SET description = 'changed on the legacy site' WHERE id = 4;
INSERT INTO nodeshot_node
    (id, name, slug, owner, description, postal_code, email, email2, email3,
     password, lat, lng, alt, status, activation_key, notes, added, updated)
VALUES
    (7, 'newnode7', 'newnode7', 'newnode7 owner', 'added before the sync', '00185', 'newnode7@test.com', NULL, NULL,
     '', 40.5, 10.5, 3, 'a', '', NULL, '2013-11-01 13:30:29', '2013-11-02 13:36:47');
"""

# The tables that refer to a migrated row in nodeshot's schema (issue 18):
# the apply must lock each of them besides the tables it writes.
SITE_TABLES_LOCKED = {
    "participation_comment", "participation_rating", "participation_vote", "nodes_image", "nodes_external",
    "notifications_notification", "social_auth_usersocialauth", "django_admin_log", "reversion_revision",
    "profiles_passwordreset", "profiles_social_links", "profiles_emailconfirmation",
    "profiles_profile_user_permissions", "layers_layer_mantainers", "mailing_outward_users",
    "connectors_deviceconnector", "hardware_antenna", "hardware_device_to_model",
    "net_interface_bridge_interfaces", "net_interface_vlan",
}

# Every table of the schema, with its row count, in one query.
ALL_COUNTS = """
select tables.relname, (xpath('/row/n/text()', query_to_xml(
    format('select count(*) as n from public.%I', tables.relname), false, true, '')))[1]::text::bigint
from pg_catalog.pg_class as tables
inner join pg_catalog.pg_namespace as schemas on schemas.oid = tables.relnamespace
where schemas.nspname = 'public' and tables.relkind = 'r'
"""


@dataclass
class Scenario:
    target: object
    profiles: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # per run: before / after every table
    run_counts: dict[int, dict] = field(default_factory=dict)
    ledger: dict[int, dict[str, int]] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)  # tables the sync's apply held in share row exclusive mode
    waited_for: set[str] = field(default_factory=set)  # tables the apply waited for (a site write held them)
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)  # (referring table, referred table)
    after_sync: dict[str, object] = field(default_factory=dict)
    forget_lines: list[str] = field(default_factory=list)  # what `invoke forget` of run 1 printed


def _counts(target) -> dict[str, int]:
    return dict(query(target, ALL_COUNTS))


def _ledger(target, run_id: int) -> dict[str, int]:
    return dict(query(
        target,
        "select table_name, count(*) from migration.owned_rows where run_id = %s group by table_name", (run_id,),
    ))


def _add_site_content(conn: psycopg.Connection, p: dict[str, int]) -> None:
    """What the site's users and admins added to the migrated map."""
    run = conn.execute
    node_type = run("select id from django_content_type where app_label = 'nodes' and model = 'node'").fetchone()[0]
    p = {**p, "node_type": node_type}
    # on nodes 5 and 6 (the sync deletes them) and on node 2 (stays)
    run(
        "insert into participation_comment (added, updated, text, node_id, user_id) values"
        " (now(), now(), 'on node 5', 5, %(p3)s), (now(), now(), 'on node 6', 6, %(p3)s),"
        " (now(), now(), 'by the owner of node 5', 2, %(p5)s)", p,
    )
    run(
        "insert into participation_rating (added, updated, value, node_id, user_id) values"
        " (now(), now(), 8, 5, %(p3)s), (now(), now(), 9, 2, %(p5)s)", p,
    )
    run(
        "insert into participation_vote (added, updated, vote, node_id, user_id) values"
        " (now(), now(), 1, 6, %(p3)s), (now(), now(), -1, 2, %(p5)s)", p,
    )
    run("update participation_node_settings set comments_allowed = false where node_id = 2")
    run("insert into nodes_image (added, updated, access_level, \"order\", file, description, node_id)"
        " values (now(), now(), 0, 0, 'nodes/5.jpg', 'node 5', 5), (now(), now(), 0, 0, 'nodes/2.jpg', 'node 2', 2)")
    run("insert into nodes_external (node_id, external_id) values (6, 'ext-6'), (2, 'ext-2')")
    # The site's own device on node 5, with interfaces of the kinds the
    # importer never writes (vlan, a bridge with its members, a tunnel).
    run(
        "insert into net_device (id, added, updated, access_level, name, type, status, node_id, data, shortcuts)"
        " values (70, now(), now(), 0, 'site device', 'radio', 2, 5, ''::hstore, ''::hstore)"
    )
    run(
        "insert into net_interface (id, added, updated, access_level, type, name, mac, mtu, data, shortcuts,"
        " device_id) values (80, now(), now(), 0, 6, 'vlan80', null, 1500, ''::hstore, ''::hstore, 70),"
        " (81, now(), now(), 0, 3, 'bridge81', null, 1500, ''::hstore, ''::hstore, 70),"
        " (83, now(), now(), 0, 5, 'tunnel83', null, 1500, ''::hstore, ''::hstore, 70),"
        " (82, now(), now(), 0, 3, 'bridge82', null, 1500, ''::hstore, ''::hstore, 4)"
    )
    run("insert into net_interface_vlan (interface_ptr_id, tag) values (80, '42')")
    run("insert into net_interface_bridge (interface_ptr_id) values (81), (82)")
    run("insert into net_interface_tunnel (interface_ptr_id, sap, protocol, endpoint) values (83, 'x', 'gre', null)")
    # bridge 81 goes (its device goes), interface 8 goes (its device does
    # not migrate any more), bridge 82 and interface 6 stay
    run("insert into net_interface_bridge_interfaces (bridge_id, interface_id) values (81, 6), (82, 8), (82, 6)")
    run(
        "insert into net_ip (added, updated, access_level, address, protocol, interface_id) values"
        " (now(), now(), 0, '10.99.0.80', 'ipv4', 80), (now(), now(), 0, '10.99.0.6', 'ipv4', 6)"
    )
    run(
        "insert into links_link (id, added, updated, access_level, type, status, data, shortcuts,"
        " interface_a_id, interface_b_id, node_a_id, node_b_id) values"
        " (60, now(), now(), 0, 1, 2, ''::hstore, ''::hstore, 8, 3, null, null),"
        " (61, now(), now(), 0, 1, 2, ''::hstore, ''::hstore, null, null, 2, 5),"
        " (62, now(), now(), 0, 1, 2, ''::hstore, ''::hstore, 6, 3, null, null)"
    )
    run(
        "insert into connectors_deviceconnector (added, updated, \"order\", backend, host, config, port, store,"
        " device_id, node_id) values"
        " (now(), now(), 0, 'netengine.backends.ssh.OpenWRT', '10.40.5.1', ''::hstore, 22, false, null, 5),"
        " (now(), now(), 1, 'netengine.backends.ssh.OpenWRT', '10.40.5.8', ''::hstore, 22, false, 5, 3),"
        " (now(), now(), 2, 'netengine.backends.ssh.OpenWRT', '10.40.5.2', ''::hstore, 22, false, 4, 3)"
    )
    run(
        "insert into hardware_manufacturer (added, updated, name, url, image) values"
        " (now(), now(), 'Ubiquiti', 'http://ubnt.com', '')"
    )
    run(
        "insert into hardware_device_model (added, updated, name, image, datasheet, cpu, ram, manufacturer_id)"
        " select now(), now(), 'NanoStation M5', '', '', 'Atheros', 32, max(id) from hardware_manufacturer"
    )
    run(
        "insert into hardware_antenna_model (added, updated, name, gain, polarization, freq_range_lower,"
        " freq_range_higher, beamwidth_h, beamwidth_v, image, datasheet, device_model_id, manufacturer_id)"
        " select now(), now(), 'AirMax', 16, null, 5100, 5800, 43, 41, '', '', max(id), max(manufacturer_id)"
        " from hardware_device_model"
    )
    run(
        "insert into hardware_device_to_model (cpu, ram, device_id, model_id)"
        " select 'a', 32, device_id, (select max(id) from hardware_device_model) from unnest(array[5, 4]) as device_id"
    )
    run(
        "insert into hardware_antenna (added, updated, polarization, azimuth, inclination, device_id, model_id,"
        " radio_id) select now(), now(), null, 1, 1, device_id, (select max(id) from hardware_antenna_model), radio_id"
        " from (values (70, null), (4, 8), (4, 7)) as antennas (device_id, radio_id)"
    )
    # Everything by which the site uses the profile of node 5's owner.
    run(
        "insert into profiles_passwordreset (temp_key, \"timestamp\", reset, user_id)"
        " values ('k', now(), false, %(p5)s)", p,
    )
    run(
        "insert into profiles_social_links (added, updated, url, description, user_id)"
        " values (now(), now(), 'http://example.org/p5', 'home', %(p5)s)", p,
    )
    run(
        "insert into profiles_profile_user_permissions (profile_id, permission_id)"
        " select %(p5)s, min(id) from auth_permission", p,
    )
    run("insert into layers_layer_mantainers (layer_id, profile_id) values (1, %(p5)s)", p)
    run(
        "insert into mailing_outward (added, updated, status, subject, message, is_scheduled, scheduled_date,"
        " scheduled_time, is_filtered, filters, groups) values (now(), now(), 0, 'news', 'hello', 0, null, '',"
        " 0, '', '')"
    )
    run("insert into mailing_outward_users (outward_id, profile_id) select max(id), %(p5)s from mailing_outward", p)
    run(
        "insert into notifications_notification (added, updated, type, object_id, text, is_read, content_type_id,"
        " from_user_id, to_user_id) values (now(), now(), 'custom', 2, 'to p5', false, %(node_type)s, %(p3)s,"
        " %(p5)s), (now(), now(), 'custom', 2, 'from p5', false, %(node_type)s, %(p5)s, %(p3)s)", p,
    )
    run(
        "insert into social_auth_usersocialauth (provider, uid, extra_data, user_id)"
        " values ('github', 'p5', '{}', %(p5)s)", p,
    )
    run(
        "insert into django_admin_log (action_time, object_id, object_repr, action_flag, change_message,"
        " content_type_id, user_id) values (now(), '2', 'node 2', 2, 'changed', %(node_type)s, %(p5)s)", p,
    )
    run(
        "insert into reversion_revision (manager_slug, date_created, comment, user_id)"
        " values ('default', now(), 'edited node 2', %(p5)s)", p,
    )
    run(
        "insert into profiles_emailaddress (user_id, email, verified, \"primary\")"
        " values (%(p5)s, 'p5-second@example.org', false, false)", p,
    )
    run(
        "insert into mailing_inward (status, content_type_id, object_id, from_name, from_email, message, ip,"
        " user_agent, accept_language, user_id, added, updated) values (1, %(node_type)s, 2, 'P5', '',"
        " 'a site message',"
        " '10.0.0.1', '', '', %(p5)s, now(), now())", p,
    )
    # a confirmation the site sent to the address of node 6's owner
    run(
        "insert into profiles_emailconfirmation (created_at, key, email_address_id)"
        " select now(), 'confirm-p6', id from profiles_emailaddress where user_id = %(p6)s", p,
    )


class _LockWatch:
    """Watches the apply's table locks from another connection while a
    site transaction, begun before the apply, holds participation_comment
    with a comment it is writing; it commits once the apply waits for it."""

    def __init__(self, target, p3: int) -> None:
        self.target = target
        self.locked: set[str] = set()
        self.waited_for: set[str] = set()
        self.stop = threading.Event()
        self.site = psycopg.connect(target.url)
        self.site.execute(
            "insert into participation_comment (added, updated, text, node_id, user_id)"
            " values (now(), now(), 'written during the sync', 2, %s)", (p3,),
        )
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        with psycopg.connect(self.target.url, autocommit=True) as watcher:
            deadline = time.monotonic() + 600
            while not self.stop.is_set() and time.monotonic() < deadline:
                for relation, granted in watcher.execute(
                    "select locks.relation::regclass::text, locks.granted from pg_catalog.pg_locks as locks"
                    " inner join pg_catalog.pg_stat_activity as activity on activity.pid = locks.pid"
                    " where activity.application_name = 'nodeshot-migrate apply' and locks.locktype = 'relation'"
                    " and locks.mode = 'ShareRowExclusiveLock'"
                ):
                    (self.locked if granted else self.waited_for).add(relation)
                if "participation_comment" in self.waited_for and not self.site.closed:
                    self.site.commit()
                    self.site.close()
                time.sleep(0.02)
        if not self.site.closed:
            self.site.rollback()
            self.site.close()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def scenario(request, cluster) -> Scenario:
    legacy = make_legacy(request, "sqlite", "reference_legacy.sql", "reference_legacy_run2.sql", tag="cascades")
    legacy_exec(legacy, MORE_LEGACY)
    target = make_target(cluster, "sync_cascades")
    s = Scenario(target=target)

    s.counts["before_first"] = _counts(target)
    assert run_migrate(legacy, target) == 0
    s.counts["after_first"] = _counts(target)
    s.run_counts[1] = scalar(target, "select counts from migration.runs where run_id = 1")
    s.ledger[1] = _ledger(target, 1)

    s.profiles = dict(query(
        target,
        "select email, id from profiles_profile where email in"
        " ('oldnode3@test.com', 'different@address.com', 'addednode@test.com')",
    ))
    p = {
        "p3": s.profiles["oldnode3@test.com"],
        "p5": s.profiles["different@address.com"],
        "p6": s.profiles["addednode@test.com"],
    }
    with psycopg.connect(target.url) as conn:
        _add_site_content(conn, p)

    legacy_exec(legacy, LEGACY_CHANGES)
    s.counts["before_sync"] = _counts(target)
    watch: list[_LockWatch] = []
    try:
        code = run_migrate(legacy, target, after_build=lambda: watch.append(_LockWatch(target, p["p3"])))
    finally:
        for started in watch:
            started.finish()
    assert code == 0, run_migrate.last_output
    s.after_sync["output"] = run_migrate.last_output
    s.counts["after_sync"] = _counts(target)
    s.run_counts[2] = scalar(target, "select counts from migration.runs where run_id = 2")
    s.ledger[2] = _ledger(target, 2)
    s.locked = watch[0].locked
    s.waited_for = watch[0].waited_for
    s.foreign_keys = query(
        target,
        "select fk.conrelid::regclass::text, fk.confrelid::regclass::text from pg_catalog.pg_constraint as fk"
        " where fk.contype = 'f' and fk.connamespace = 'public'::regnamespace",
    )
    s.after_sync["notices"] = query(
        target, "select entity, legacy_id, rule, detail from migration.notices order by entity, legacy_id, rule"
    )
    s.after_sync["rejects"] = query(target, "select entity, legacy_id, rule from migration.rejects order by 1, 2")
    return s


def _where(target, table: str, condition: str, params=None) -> int:
    return scalar(target, f"select count(*) from {table} where {condition}", params)  # noqa: S608


def test_a_vanished_node_takes_what_django_would_cascade(scenario):
    """Node 5 and node 6 go with every row that hangs off them: their
    participation rows, the site's comments, ratings, votes, images,
    external ids and connectors, the site's device on node 5 with its
    interfaces of every kind, their child rows, bridge members, antennas
    and IP addresses, the links that reach them; device 5 (left on the
    vanished node: it no longer migrates) with its interfaces, child rows,
    VAP, routing protocols, hardware, antennas and links; device 3 and
    interface 5 (vanished from the legacy) with link 2."""
    t = scenario.target
    gone = {
        "nodes_node": "id in (5, 6)",
        "participation_node_counts": "node_id in (5, 6)",
        "participation_node_settings": "node_id in (5, 6)",
        "participation_comment": "node_id in (5, 6)",
        "participation_rating": "node_id = 5",
        "participation_vote": "node_id = 6",
        "nodes_image": "node_id = 5",
        "nodes_external": "node_id = 6",
        "connectors_deviceconnector": "node_id = 5 or device_id = 5",
        "net_device": "id in (3, 5, 70)",
        "net_device_routing_protocols": "device_id in (3, 5)",
        "hardware_device_to_model": "device_id = 5",
        "hardware_antenna": "device_id = 70 or radio_id = 8",
        "net_interface": "id in (5, 8, 10, 80, 81, 83)",
        "net_interface_ethernet": "interface_ptr_id in (5, 8)",
        "net_interface_wireless": "interface_ptr_id = 10",
        "net_interface_vap": "interface_id = 10",
        "net_interface_vlan": "interface_ptr_id = 80",
        "net_interface_bridge": "interface_ptr_id = 81",
        "net_interface_tunnel": "interface_ptr_id = 83",
        "net_interface_bridge_interfaces": "bridge_id = 81 or interface_id = 8",
        "net_ip": "interface_id in (5, 8, 10, 80)",
        "links_link": "id in (2, 60, 61)",
        "mailing_inward": "id = 1",
    }
    assert {table: _where(t, table, condition) for table, condition in gone.items()} == dict.fromkeys(gone, 0)
    # and they were there before the sync
    before = scenario.counts["before_sync"]
    after = scenario.counts["after_sync"]
    assert all(before[table] > after[table] for table in gone if table != "participation_comment")


def test_rows_that_still_migrate_are_repointed_not_deleted(scenario):
    """Device 4 moved from the vanished node 5 to node 4 and interface 9
    from the vanished device 3 to device 2: they are updated where they
    are, with what hangs off them (the site's rows too), never deleted and
    written again."""
    t = scenario.target
    assert query(t, "select id, node_id from net_device where id = 4") == [(4, 4)]
    assert query(t, "select id, device_id from net_interface where id in (6, 7, 9, 82) order by id") == [
        (6, 4), (7, 4), (9, 2), (82, 4),
    ]
    assert _where(t, "net_interface_ethernet", "interface_ptr_id in (6, 9)") == 2
    assert _where(t, "net_interface_wireless", "interface_ptr_id = 7") == 1
    assert _where(t, "net_interface_vap", "interface_id = 7") == 1
    assert _where(t, "net_interface_bridge", "interface_ptr_id = 82") == 1
    assert query(t, "select bridge_id, interface_id from net_interface_bridge_interfaces") == [(82, 6)]
    assert query(t, "select host(address) from net_ip where interface_id = 6 order by 1") == [
        ("10.40.5.1",), ("10.99.0.6",), ("2001:4c00:893b:fede:eddb:decd:e878:8906",),
    ]
    assert _where(t, "net_ip", "interface_id = 9") >= 1
    assert query(t, "select id from links_link where id in (3, 62) order by id") == [(3,), (62,)]
    assert _where(t, "connectors_deviceconnector", "device_id = 4") == 1
    assert _where(t, "hardware_device_to_model", "device_id = 4") == 1
    assert query(t, "select radio_id from hardware_antenna where device_id = 4") == [(7,)]
    # updated, not deleted: the ledger still has them from the first run
    assert query(
        t,
        "select table_name, row_id, run_id from migration.owned_rows where (table_name, row_id) in"
        " (('net_device', 4), ('net_interface', 6), ('net_interface', 7), ('net_interface', 9), ('links_link', 3))"
        " order by 1, 2",
    ) == [
        ("links_link", 3, 1), ("net_device", 4, 1), ("net_interface", 6, 1), ("net_interface", 7, 1),
        ("net_interface", 9, 1),
    ]
    assert scenario.run_counts[2]["net_device"]["updated"] >= 1
    assert scenario.run_counts[2]["net_device"]["deleted"] == 3  # 3, 5 and the site's 70, not 4


def test_the_sites_content_on_surviving_rows_stays(scenario):
    t = scenario.target
    p5 = scenario.profiles["different@address.com"]
    assert _where(t, "participation_comment", "node_id = 2") == 2  # p5's and the one written during the sync
    assert _where(t, "participation_rating", "node_id = 2") == 1
    assert _where(t, "participation_vote", "node_id = 2") == 1
    assert _where(t, "nodes_image", "node_id = 2") == 1
    assert _where(t, "nodes_external", "node_id = 2") == 1
    assert scalar(t, "select comments_allowed from participation_node_settings where node_id = 2") is False
    assert _where(t, "mailing_inward", "user_id = %s", (p5,)) == 1


def test_a_profile_the_site_uses_is_kept_and_listed(scenario):
    """The owner of node 5 owns nothing after the sync, but the site uses
    the profile in every way issue 18 names: it stays, with one notice
    that says why."""
    t = scenario.target
    p5 = scenario.profiles["different@address.com"]
    assert _where(t, "profiles_profile", "id = %s", (p5,)) == 1
    kept = [(rule, detail) for entity, legacy_id, rule, detail in scenario.after_sync["notices"]
            if entity == "profiles_profile" and legacy_id == p5]
    assert len(kept) == 1 and kept[0][0] == "profile_in_use"
    reasons = kept[0][1].removeprefix("kept, though nothing of the legacy needs it any more: ").split(", ")
    assert sorted(reasons) == sorted(f"a row of {table} refers to it" for table in [
        "django_admin_log", "layers_layer_mantainers", "mailing_inward", "mailing_outward_users",
        "notifications_notification", "participation_comment", "participation_rating", "participation_vote",
        "profiles_emailaddress", "profiles_passwordreset", "profiles_profile_user_permissions",
        "profiles_social_links", "reversion_revision", "social_auth_usersocialauth",
    ])
    # nothing of it went
    for table, column in [
        ("profiles_emailaddress", "user_id"), ("notifications_user_web_settings", "user_id"),
        ("social_auth_usersocialauth", "user_id"), ("django_admin_log", "user_id"),
        ("reversion_revision", "user_id"), ("notifications_notification", "to_user_id"),
    ]:
        assert _where(t, table, f"{column} = %s", (p5,)) >= 1, table


def test_an_unused_profile_goes_with_its_cascade(scenario):
    """The owner of node 6 owns nothing and the site never used it: it goes,
    with its addresses, the confirmation the site sent, its groups and its
    notification settings."""
    t = scenario.target
    p6 = scenario.profiles["addednode@test.com"]
    assert _where(t, "profiles_profile", "id = %s", (p6,)) == 0
    for table, column in [
        ("profiles_emailaddress", "user_id"), ("profiles_profile_groups", "profile_id"),
        ("notifications_user_web_settings", "user_id"), ("notifications_user_email_settings", "user_id"),
    ]:
        assert _where(t, table, f"{column} = %s", (p6,)) == 0, table
    assert _where(t, "profiles_emailconfirmation", "key = 'confirm-p6'") == 0
    assert not [n for n in scenario.after_sync["notices"] if n[0] == "profiles_profile" and n[1] == p6]


def test_rows_that_no_longer_migrate_are_rejected_with_their_reason(scenario):
    rejects = scenario.after_sync["rejects"]
    assert ("nodeshot_device", 5, "orphan_device") in rejects
    assert {row[1] for row in rejects if row[0] == "nodeshot_interface"} >= {8, 10}
    assert any(row[0] == "nodeshot_link" and row[1] == 2 for row in rejects)


def test_the_apply_locks_every_table_that_refers_to_a_migrated_row(scenario):
    """Watched from another connection during the sync: the apply holds
    every table the importer writes and every table that refers to one of
    them, directly or not (closed under the schema's foreign keys), and a
    site write in progress on one of them makes it wait, then lands."""
    locked = scenario.locked
    assert SITE_TABLES_LOCKED <= locked, SITE_TABLES_LOCKED - locked
    assert {"nodes_node", "net_device", "net_interface", "profiles_profile", "mailing_inward"} <= locked
    unlocked = {(child, parent) for child, parent in scenario.foreign_keys if parent in locked and child not in locked}
    assert unlocked == set()
    assert "participation_comment" in scenario.waited_for
    assert _where(scenario.target, "participation_comment", "text = 'written during the sync'") == 1


def _check_counts(before, after, counts, ledger, site_added=None):
    site_added = site_added or {}
    for table in after:
        change = counts.get(table, {"inserted": 0, "updated": 0, "deleted": 0})
        assert after[table] - before[table] - site_added.get(table, 0) == change["inserted"] - change["deleted"], (
            table, before[table], after[table], change,
        )
        assert ledger.get(table, 0) == change["inserted"], (table, ledger.get(table), change)
    assert set(counts) <= set(after)
    assert set(ledger) <= set(counts)


def test_run_counts_match_the_ledger_and_every_table_in_the_first_run(scenario):
    _check_counts(
        scenario.counts["before_first"], scenario.counts["after_first"], scenario.run_counts[1], scenario.ledger[1],
    )
    first = scenario.run_counts[1]
    assert first["profiles_profile"]["inserted"] == 7
    assert first["nodes_node"]["inserted"] == 6
    assert first["mailing_inward"]["inserted"] == 2
    assert all(change["deleted"] == 0 for change in first.values())


def test_run_counts_match_the_ledger_and_every_table_in_a_sync(scenario):
    """Inserts (node 7 and its owner), updates (node 4, the moved device
    and interfaces), deletes and cascades, the site's tables among them."""
    second = scenario.run_counts[2]
    _check_counts(
        scenario.counts["before_sync"], scenario.counts["after_sync"], second, scenario.ledger[2],
        site_added={"participation_comment": 1},  # the comment written during the sync
    )
    assert second["nodes_node"] == {"inserted": 1, "updated": 1, "deleted": 2}
    assert second["profiles_profile"] == {"inserted": 1, "updated": 0, "deleted": 1}
    for table, deleted in {
        "participation_comment": 2, "participation_rating": 1, "participation_vote": 1, "nodes_image": 1,
        "nodes_external": 1, "connectors_deviceconnector": 2, "hardware_antenna": 2, "hardware_device_to_model": 1,
        "net_interface_bridge_interfaces": 2, "net_interface_vlan": 1, "net_interface_tunnel": 1,
        "profiles_emailconfirmation": 1, "mailing_inward": 1, "links_link": 3,
    }.items():
        assert second[table]["deleted"] == deleted, table


@pytest.mark.skipif(
    not (SHARED_NODESHOT / "build-stack.sh").is_file(),
    reason=f"nodeshot 1.x is not beside the project ({SHARED_NODESHOT} is absent): nothing to verify with",
)
def test_nodeshot_accepts_the_synced_target(scenario):
    done = verify_nodeshot(scenario.target, api=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert " 0 failures," in output.splitlines()[-1], output


@pytest.fixture(scope="module")
def forgotten(scenario) -> Scenario:
    """`invoke forget` of the first run, after everything above was read."""
    assert forget(scenario.target, 1, echo=scenario.forget_lines.append) == 0
    return scenario


def test_forget_applies_djangos_cascade_for_a_user(forgotten):
    """The profile the sync kept was created by the first run: forget takes
    it, with every row of the site that Django's cascade takes with a
    user; a revision and a message of the site stay, with no user."""
    t = forgotten.target
    p5 = forgotten.profiles["different@address.com"]
    assert _where(t, "profiles_profile", "id = %s", (p5,)) == 0
    for table, column in [
        ("profiles_emailaddress", "user_id"), ("profiles_passwordreset", "user_id"),
        ("profiles_social_links", "user_id"), ("profiles_profile_user_permissions", "profile_id"),
        ("layers_layer_mantainers", "profile_id"), ("mailing_outward_users", "profile_id"),
        ("notifications_notification", "to_user_id"), ("notifications_notification", "from_user_id"),
        ("social_auth_usersocialauth", "user_id"), ("django_admin_log", "user_id"),
        ("participation_comment", "user_id"), ("participation_rating", "user_id"),
        ("participation_vote", "user_id"), ("mailing_inward", "user_id"), ("reversion_revision", "user_id"),
    ]:
        assert _where(t, table, f"{column} = %s", (p5,)) == 0, table
    assert query(t, "select user_id, comment from reversion_revision") == [(None, "edited node 2")]
    assert query(t, "select user_id, message from mailing_inward where from_name = 'P5'") == [(None, "a site message")]
    # and forget says so: they count as updated, not silently changed
    kept = [line.split() for line in forgotten.forget_lines if "kept, their user set to NULL" in line]
    assert [words[:2] for words in kept] == [["mailing_inward", "1"], ["reversion_revision", "1"]], (
        forgotten.forget_lines
    )
    # what the second run created stays: node 7 and its owner
    assert _where(t, "nodes_node", "id = 7") == 1
    assert _where(t, "nodes_node", "id <> 7") == 0

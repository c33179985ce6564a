"""Issue 3: devices, interfaces, IPs, VAPs, links, contacts, HNA and statistics on bad or unusual input.

sql/fixtures/entities_edge_cases.sql (loaded after reference_legacy.sql; the
row-by-row intent is in its header) migrated once per legacy engine. Each
row must land where the issue says: migrated (and how), reported as a
notice, or rejected with the expected rule - and every legacy table must
balance in migration.reconciliation.
"""

from __future__ import annotations

import psycopg
import pytest
from conftest import make_legacy, make_target, query, run_migrate, scalar

from nodeshot_migrate.urls import TargetDatabase

PROFILE = "nodeshot.community.profiles.models.profile.Profile:"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def edge(request, cluster) -> TargetDatabase:
    legacy = make_legacy(
        request, request.param, "reference_legacy.sql", "entities_edge_cases.sql", tag=f"edgeent_{request.param}"
    )
    target = make_target(cluster, f"edgeent_{request.param}")
    code = run_migrate(legacy, target)
    assert code == 0, run_migrate.last_output
    return target


def rejects(target: TargetDatabase) -> dict[tuple[str, int], str]:
    return {
        (entity, legacy_id): rule
        for entity, legacy_id, rule in query(target, "select entity, legacy_id, rule from migration.rejects")
    }


def notices(target: TargetDatabase) -> set[tuple[str, int, str]]:
    return set(query(target, "select entity, legacy_id, rule from migration.notices where entity <> 'nodeshot_node'"))


# --- rejects ------------------------------------------------------------------

EXPECTED_REJECTS = {
    ("nodeshot_node", 100): "unconfirmed",
    # cascade from the unconfirmed node
    ("nodeshot_device", 100): "node_not_migrated",
    ("nodeshot_interface", 120): "device_not_migrated",
    ("nodeshot_interface.ipv4_address", 120): "interface_not_migrated",
    ("nodeshot_link", 103): "interface_not_migrated",
    ("nodeshot_contact", 100): "node_not_migrated",
    ("nodeshot_hna", 3): "device_not_migrated",
    # orphans
    ("nodeshot_device", 103): "orphan_device",
    ("nodeshot_interface", 121): "orphan_interface",
    ("nodeshot_link", 100): "orphan_link",
    ("nodeshot_contact", 103): "orphan_contact",
    ("nodeshot_hna", 5): "orphan_hna",
    # interfaces and what hangs below them
    ("nodeshot_interface", 111): "invalid_wireless_channel",
    ("nodeshot_interface.vap", 111): "interface_not_migrated",
    ("nodeshot_link", 105): "interface_not_migrated",
    ("nodeshot_interface", 112): "invalid_mac",
    # addresses: the interface is kept
    ("nodeshot_interface.ipv4_address", 101): "invalid_ipv4",
    ("nodeshot_interface.ipv4_address", 109): "invalid_ipv4",
    ("nodeshot_interface.ipv6_address", 104): "duplicate_address",
    # links
    ("nodeshot_link", 102): "self_link",
    ("nodeshot_link", 104): "duplicate_link",
    # contacts, routes
    ("nodeshot_contact", 101): "message_too_short",
    ("nodeshot_hna", 4): "invalid_route",
}


def test_every_rejected_row_is_named_with_its_rule(edge):
    assert rejects(edge) == EXPECTED_REJECTS


def test_reject_details_say_what_to_fix(edge):
    details = dict(
        ((entity, legacy_id), detail)
        for entity, legacy_id, detail in query(edge, "select entity, legacy_id, detail from migration.rejects")
    )
    assert details[("nodeshot_interface.ipv4_address", 101)] == (
        "interface 101 'eth-edge': IPv4 '10.1' is not a dotted quad - fix the legacy row"
        " (the interface migrates without it)"
    )
    assert "node 100 was not migrated (unconfirmed)" in details[("nodeshot_device", 100)]
    assert "device 100 was not migrated (node_not_migrated)" in details[("nodeshot_interface", 120)]
    assert "interface '999' does not exist" in details[("nodeshot_link", 100)]
    assert "'9999'" in details[("nodeshot_interface", 111)]
    assert "interface 1, which keeps it" in details[("nodeshot_interface.ipv6_address", 104)]


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        # legacy rows, migrated, merged, rejected, not migrated
        ("auth_user", (2, 2, 0, 0, 0)),
        ("nodeshot_node", (6, 5, 0, 1, 0)),
        ("nodeshot_device", (6, 4, 0, 2, 0)),
        ("nodeshot_interface", (19, 15, 0, 4, 0)),
        ("nodeshot_interface.ipv4_address", (8, 5, 0, 3, 0)),
        ("nodeshot_interface.ipv6_address", (6, 5, 0, 1, 0)),
        ("nodeshot_interface.vap", (4, 3, 0, 1, 0)),
        ("nodeshot_link", (7, 2, 0, 5, 0)),
        ("nodeshot_contact", (5, 2, 0, 3, 0)),
        ("nodeshot_hna", (5, 2, 0, 3, 0)),
        ("nodeshot_statistic", (2, 0, 0, 0, 2)),
    ],
)
def test_reconciliation(edge, entity, expected):
    row = query(
        edge,
        "select legacy_rows, migrated, merged, rejected, not_migrated from migration.reconciliation where entity = %s",
        (entity,),
    )
    assert row == [expected]


def test_every_table_balances(edge):
    rows = query(
        edge, "select entity, legacy_rows, migrated + merged + rejected + not_migrated from migration.reconciliation"
    )
    assert len(rows) == 11
    for entity, legacy_rows, accounted in rows:
        assert legacy_rows == accounted, entity


def test_statistics_are_reported_as_having_no_target(edge):
    reason = scalar(
        edge, "select not_migrated_reason from migration.reconciliation where entity = 'nodeshot_statistic'"
    )
    assert reason.startswith("not migrated: no target")


def test_written_rows_match_the_marts(edge):
    counts = {
        table: scalar(edge, f"select count(*) from {table}")  # noqa: S608 (fixed table names)
        for table in ("net_device", "net_interface", "net_ip", "net_interface_vap", "links_link", "mailing_inward")
    }
    assert counts == {
        "net_device": 4,
        "net_interface": 15,
        "net_ip": 10,
        "net_interface_vap": 3,
        "links_link": 2,
        "mailing_inward": 2,
    }


# --- devices and routing protocols ----------------------------------------------


def test_routing_protocols_mapped_exactly_and_created_once(edge):
    rows = query(
        edge,
        "select pair.device_id, protocol.name, protocol.version from net_device_routing_protocols as pair"
        " inner join net_routing_protocol as protocol on pair.routingprotocol_id = protocol.id order by 1",
    )
    assert rows == [(1, "olsr", ""), (2, "olsr", ""), (101, "batman", ""), (102, "customproto", "")]
    assert scalar(edge, "select count(*) from net_routing_protocol") == 3


def test_unmapped_protocol_is_a_notice(edge):
    assert ("nodeshot_device", 102, "routing_protocol_unmapped") in notices(edge)


def test_hna_routes_live_in_the_device_data(edge):
    assert scalar(edge, "select data -> 'hna_routes' from net_device where id = 1") == (
        "10.40.0.0/24,2001:4c00:893b::/48"
    )
    assert scalar(edge, "select data ? 'hna_routes' from net_device where id = 2") is False


# --- interfaces of every kind ---------------------------------------------------

# legacy id -> (net_interface.type, child table or None, name, data key old_nodeshot_interface_type)
EXPECTED_KINDS = {
    101: (1, "net_interface_ethernet", "eth-edge", None),
    102: (2, "net_interface_wireless", "wlan-ch5", None),
    103: (5, "net_interface_tunnel", "tun0", None),
    104: (3, "net_interface_bridge", "br-lan", None),
    105: (4, None, "bat0", "batman"),
    106: (4, None, "vwlan0", "virtual-wifi"),
    107: (4, None, "veth0", "virtual-ethernet"),
    108: (4, None, "lo", "lo"),
}
CHILD_TABLES = ("net_interface_ethernet", "net_interface_wireless", "net_interface_bridge", "net_interface_tunnel")


@pytest.mark.parametrize("legacy_id", sorted(EXPECTED_KINDS))
def test_interface_kind(edge, legacy_id):
    type_code, child, name, old_type = EXPECTED_KINDS[legacy_id]
    assert query(
        edge,
        "select type, name, data -> 'old_nodeshot_interface_type' from net_interface where id = %s",
        (legacy_id,),
    ) == [(type_code, name, old_type)]
    present = {
        table
        for table in CHILD_TABLES
        if scalar(edge, f"select count(*) from {table} where interface_ptr_id = %s", (legacy_id,))  # noqa: S608
    }
    assert present == ({child} if child else set())


def test_ethernet_defaults(edge):
    assert query(edge, "select standard, duplex from net_interface_ethernet where interface_ptr_id = 101") == [
        ("fast", "full")
    ]


def test_unknown_interface_type_is_virtual_and_reported(edge):
    assert ("nodeshot_interface", 108, "unknown_interface_type") in notices(edge)


def test_mac_normalised(edge):
    assert scalar(edge, "select mac::text from net_interface where id = 101") == "aa:bb:cc:00:01:01"


def test_duplicate_mac_keeps_the_interface_without_it(edge):
    assert scalar(edge, "select mac from net_interface where id = 113") is None
    assert scalar(edge, "select mac::text from net_interface where id = 1") == "00:27:22:38:d1:38"
    assert ("nodeshot_interface", 113, "mac_dropped") in notices(edge)


def test_channel_2432_is_mapped_not_lost(edge):
    """E.18: the reference rejected the interface (1.x has no 2432)."""
    assert query(edge, "select mode, channel from net_interface_wireless where interface_ptr_id = 102") == [
        ("adhoc", "2427")
    ]
    assert scalar(edge, "select data -> 'old_nodeshot_wireless_channel' from net_interface where id = 102") == "2432"
    assert ("nodeshot_interface", 102, "channel_mapped") in notices(edge)


def test_vap_of_the_mapped_wireless_interface(edge):
    assert query(edge, "select essid, bssid from net_interface_vap where interface_id = 102") == [("edge essid", None)]


def test_long_cnames_truncated_and_kept_unique_per_device(edge):
    assert query(edge, "select id, name from net_interface where id in (109, 110) order by id") == [
        (109, "wlan0-back"),
        (110, "wlan0-bac2"),
    ]
    found = notices(edge)
    assert {
        ("nodeshot_interface", 109, "name_truncated"),
        ("nodeshot_interface", 110, "name_truncated"),
        ("nodeshot_interface", 110, "name_deduplicated"),
    } <= found


def test_invalid_address_drops_only_the_address(edge):
    assert query(edge, "select host(address), protocol from net_ip where interface_id in (101, 109) order by 1") == [
        ("2001:db8::109", "ipv6")
    ]
    assert scalar(edge, "select count(*) from net_interface where id in (101, 109)") == 2


def test_ipv4_in_the_ipv6_column_stays_with_the_first_interface(edge):
    assert query(edge, "select interface_id, protocol from net_ip where address = '10.40.0.1'") == [(1, "ipv4")]
    assert scalar(edge, "select count(*) from net_ip where interface_id = 104") == 0


def test_rejected_rows_are_not_written(edge):
    assert scalar(edge, "select count(*) from net_device where id in (100, 103)") == 0
    assert scalar(edge, "select count(*) from net_interface where id in (111, 112, 120, 121)") == 0
    assert scalar(edge, "select count(*) from net_interface_vap where interface_id = 111") == 0
    assert scalar(edge, "select count(*) from links_link where id in (100, 102, 103, 104, 105)") == 0
    assert scalar(edge, "select count(*) from mailing_inward where id in (100, 101, 103)") == 0


# --- links and contacts --------------------------------------------------------


def test_hidden_link_is_trusted_only(edge):
    row = query(
        edge,
        "select interface_a_id, interface_b_id, access_level, status, type, min_rate, max_rate, metric_value,"
        " node_a_id, node_b_id, data -> 'layer_slug' from links_link where id = 101",
    )
    assert row == [(102, 109, 3, 2, 1, 24, 36, 1.5, 3, 3, "pisa")]


def test_link_ends_are_not_retyped(edge):
    """E.17: the reference retyped the ends of every link (even skipped ones) to wireless."""
    assert scalar(edge, "select type from net_interface where id = 1") == 1


def test_contact_from_a_node_owner_is_linked_to_the_new_profile(edge):
    owner = scalar(edge, "select id from profiles_profile where email = 'oldnode2@test.com'")
    row = query(edge, "select from_name, from_email, user_id, object_id, host(ip) from mailing_inward where id = 102")
    assert row == [("Oldnode2 Himself", "OldNode2@test.com", owner, 2, "2001:db8::58")]


def test_shortcut_user_references_are_real_profile_ids(edge):
    """Provisional profile ids in shortcuts are swapped for the ids the apply allocated."""
    rows = query(
        edge,
        "select count(*) filter (where shortcuts -> 'user' like %s), count(*) from net_interface",
        (PROFILE + "-%",),
    )
    assert rows == [(0, 15)]
    owner = scalar(edge, "select user_id from nodes_node where id = 3")
    assert scalar(edge, "select shortcuts -> 'user' from net_device where id = 101") == f"{PROFILE}{owner}"


# --- var import_links -----------------------------------------------------------


def test_import_links_false_counts_every_link_as_not_migrated(legacy_sqlite, new_target):
    """`invoke migrate --no-links` (NODESHOT_OLDIMPORTER_IMPORT_LINKS = False): no link is written,
    none is rejected, all are accounted for, and everything else migrates."""
    from nodeshot_migrate.migrate import MigrateOptions, migrate

    legacy = legacy_sqlite("reference_legacy.sql", "entities_edge_cases.sql")
    target = new_target()
    options = MigrateOptions(legacy=legacy, target=target, default_layer=5, assume_yes=True, import_links=False)
    assert migrate(options, echo=lambda _line: None) == 0

    assert scalar(target, "select count(*) from links_link") == 0
    assert scalar(target, "select count(*) from migration.rejects where entity = 'nodeshot_link'") == 0
    assert query(
        target,
        "select legacy_rows, migrated, rejected, not_migrated, not_migrated_reason from migration.reconciliation"
        " where entity = 'nodeshot_link'",
    ) == [(7, 0, 0, 7, "links import switched off (var import_links false)")]
    # the rest is unaffected
    assert scalar(target, "select count(*) from net_interface") == 15


# --- site rows holding legacy ids -------------------------------------------------

SITE_ROWS = """
insert into nodes_node (id, added, updated, access_level, name, slug, is_published, geometry, data, layer_id)
values (900, now(), now(), 0, 'site node', 'site-node', true, st_setsrid(st_makepoint(40, 10), 4326), '', 5);
insert into net_device (id, added, updated, access_level, name, type, status, data, shortcuts, node_id)
values (2, now(), now(), 0, 'site device', 'router', 1, '', '', 900);
insert into net_interface (id, added, updated, access_level, type, name, mac, mtu, data, shortcuts, device_id)
values (1, now(), now(), 0, 4, 'site-if', null, 1500, '', '', 2),
-- holds the MAC of legacy interface 2 (net_interface.mac is unique)
       (50, now(), now(), 0, 4, 'site-if2', '00:27:22:38:d1:39', 1500, '', '', 2);
insert into mailing_inward (id, added, updated, status, object_id, from_name, from_email, message, ip,
    user_agent, accept_language, content_type_id, user_id)
select 1, now(), now(), 1, 900, 'Site', 'site@test.com', 'A message the site received itself.', null, '', '',
    id, null
from django_content_type where app_label = 'nodes' and model = 'node';
select setval('nodes_node_id_seq', 900);
select setval('net_device_id_seq', 2);
select setval('net_interface_id_seq', 50);
select setval('mailing_inward_id_seq', 1);
"""


def test_site_rows_holding_legacy_ids_are_never_overwritten(legacy_sqlite, new_target):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    with psycopg.connect(target.url) as conn:
        conn.execute(SITE_ROWS)

    assert run_migrate(legacy, target) == 0, run_migrate.last_output

    assert rejects(target) == {
        ("nodeshot_device", 2): "id_taken",
        ("nodeshot_interface", 1): "id_taken",
        ("nodeshot_interface", 3): "device_not_migrated",
        ("nodeshot_interface", 4): "device_not_migrated",
        ("nodeshot_interface.ipv4_address", 1): "interface_not_migrated",
        ("nodeshot_interface.ipv6_address", 1): "interface_not_migrated",
        ("nodeshot_interface.ipv4_address", 3): "interface_not_migrated",
        ("nodeshot_interface.ipv6_address", 3): "interface_not_migrated",
        ("nodeshot_interface.ipv4_address", 4): "interface_not_migrated",
        ("nodeshot_interface.ipv6_address", 4): "interface_not_migrated",
        ("nodeshot_interface.vap", 4): "interface_not_migrated",
        ("nodeshot_link", 1): "interface_not_migrated",
        ("nodeshot_contact", 1): "id_taken",
    }
    assert query(target, "select id, name, type, node_id from net_device order by id") == [
        (1, "device1", "radio", 1),
        (2, "site device", "router", 900),
    ]
    assert query(target, "select id, name, device_id, mac::text from net_interface order by id") == [
        (1, "site-if", 2, None),
        (2, "wifi", 1, None),  # migrated without the MAC a site interface holds
        (50, "site-if2", 2, "00:27:22:38:d1:39"),
    ]
    detail = scalar(
        target,
        "select detail from migration.notices where entity = 'nodeshot_interface' and legacy_id = 2"
        " and rule = 'mac_dropped'",
    )
    assert "already belongs to interface 50 of the target site" in detail
    assert query(target, "select id, from_name, object_id from mailing_inward") == [(1, "Site", 900)]
    balance = query(
        target,
        "select entity from migration.reconciliation where legacy_rows <> migrated + merged + rejected + not_migrated",
    )
    assert balance == []

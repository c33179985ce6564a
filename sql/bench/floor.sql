-- Benchmark floor, part 2 (issue 6): ONE plain INSERT ... SELECT per target
-- table, from the typed copy in schema floor_legacy (floor_legacy.sql) into
-- a fresh nodeshot 1.x database with the same layers. No rule, no check,
-- no ledger, no report: only the joins a row needs to get its foreign keys
-- and the casts to the target types. It is what any migration must at
-- least do, so `end-to-end / floor` measures the cost of everything else.
--
-- The floor_legacy columns have the legacy types (floor_legacy.sql, or the
-- types mysql_fdw's IMPORT FOREIGN SCHEMA gives: tinyint(1) is smallint
-- there, hence the `::int <> 0` for booleans, and char(n) is bpchar, hence
-- the btrim() before ::inet).
--
-- benchmark/run.py runs the sections below in this order, in one transaction, only
-- for the tables the measured migration wrote, each capped at the number of
-- rows the migration inserted there ({limit}). A section starts with a line
-- `-- floor: <target table>`. Placeholders: {limit}. Braces are reserved
-- for placeholders (psycopg sql.SQL.format).

-- floor: profiles_profile
insert into profiles_profile
    (password, last_login, is_superuser, username, email, first_name, last_name, about,
     gender, birth_date, address, city, country, is_staff, is_active, date_joined)
select
    people.password, null, people.is_superuser, people.username, people.email,
    left(people.first_name, 30), left(people.last_name, 30), '', '', null, '', '', '',
    people.is_staff, true, people.date_joined
from (
    select
        username, email, password, first_name, last_name,
        is_superuser::int <> 0 as is_superuser, is_staff::int <> 0 as is_staff, date_joined
    from floor_legacy.auth_user
    union all
    select
        owners.email, owners.email, '!', split_part(owners.owner, ' ', 1), '', false, false, owners.date_joined
    from (
        select email, min(owner) as owner, min(added) as date_joined
        from floor_legacy.nodeshot_node
        where status <> 'u'
        group by email
    ) as owners
    where owners.email not in (select email from floor_legacy.auth_user)
) as people
limit {limit};

-- floor: profiles_emailaddress
insert into profiles_emailaddress (email, verified, "primary", user_id)
select email, true, true, id from profiles_profile
limit {limit};

-- floor: profiles_profile_groups
insert into profiles_profile_groups (profile_id, group_id)
select profiles_profile.id, auth_group.id
from profiles_profile
cross join auth_group
where auth_group.name = 'registered'
limit {limit};

-- floor: notifications_user_web_settings
insert into notifications_user_web_settings
    (node_created, node_status_changed, node_own_status_changed, node_deleted, user_id)
select 30, 30, true, 30, id from profiles_profile
limit {limit};

-- floor: notifications_user_email_settings
insert into notifications_user_email_settings
    (node_created, node_status_changed, node_own_status_changed, node_deleted, user_id)
select 30, 30, true, 30, id from profiles_profile
limit {limit};

-- floor: nodes_node
insert into nodes_node
    (id, added, updated, access_level, name, slug, is_published, geometry, elev, address,
     description, notes, data, layer_id, status_id, user_id)
select
    legacy.id, legacy.added, legacy.updated, 0, legacy.name, legacy.slug, true,
    st_setsrid(st_makepoint(legacy.lng, legacy.lat), 4326), legacy.alt, null,
    legacy.description, legacy.notes, hstore('imported', 'true'),
    (select id from layers_layer where slug = 'default'),
    case when legacy.status = 'p' then 1 else 3 end,
    profiles_profile.id
from floor_legacy.nodeshot_node as legacy
inner join profiles_profile on legacy.email = profiles_profile.email
where legacy.status <> 'u'
limit {limit};

-- floor: participation_node_counts
insert into participation_node_counts (likes, dislikes, rating_count, rating_avg, comment_count, node_id)
select 0, 0, 0, 0.0, 0, id from nodes_node
limit {limit};

-- floor: participation_node_settings
insert into participation_node_settings (voting_allowed, rating_allowed, comments_allowed, node_id)
select true, true, true, id from nodes_node
limit {limit};

-- floor: net_routing_protocol
insert into net_routing_protocol (added, updated, name, version)
select now(), now(), protocols.routing_protocol, ''
from (select distinct routing_protocol from floor_legacy.nodeshot_device) as protocols
where not exists (select 1 from net_routing_protocol as rp where rp.name = protocols.routing_protocol)
limit {limit};

-- floor: net_device
insert into net_device
    (id, added, updated, access_level, name, type, status, location, elev, os, os_version,
     first_seen, last_seen, description, notes, data, shortcuts, node_id)
select
    legacy.id, legacy.added, now(), 0, legacy.name, 'radio', 2, nodes_node.geometry, nodes_node.elev,
    null, null, null, null, legacy.description, null,
    hstore(array['model', 'cname'], array[legacy.type, legacy.cname]),
    hstore('layer', nodes_node.layer_id::text), legacy.node_id
from floor_legacy.nodeshot_device as legacy
inner join nodes_node on legacy.node_id = nodes_node.id
limit {limit};

-- floor: net_device_routing_protocols
insert into net_device_routing_protocols (device_id, routingprotocol_id)
select legacy.id, net_routing_protocol.id
from floor_legacy.nodeshot_device as legacy
inner join net_device on legacy.id = net_device.id
inner join net_routing_protocol on legacy.routing_protocol = net_routing_protocol.name
limit {limit};

-- floor: net_interface
insert into net_interface
    (id, added, updated, access_level, type, name, mac, mtu, tx_rate, rx_rate, data, shortcuts, device_id)
select
    legacy.id, legacy.added, legacy.updated, 0,
    case legacy.type when 'eth' then 1 when 'wifi' then 2 when 'bridge' then 3 when 'vpn' then 5 else 4 end,
    left(legacy.cname, 10), legacy.mac_address::macaddr, 1500, null, null, ''::hstore,
    hstore('node', net_device.node_id::text), legacy.device_id
from floor_legacy.nodeshot_interface as legacy
inner join net_device on legacy.device_id = net_device.id
limit {limit};

-- floor: net_interface_ethernet
insert into net_interface_ethernet (interface_ptr_id, standard, duplex)
select legacy.id, 'fast', 'full'
from floor_legacy.nodeshot_interface as legacy
inner join net_interface on legacy.id = net_interface.id
where legacy.type = 'eth'
limit {limit};

-- floor: net_interface_wireless
insert into net_interface_wireless
    (interface_ptr_id, mode, standard, channel, channel_width, output_power, dbm, noise)
select legacy.id, legacy.wireless_mode, null, legacy.wireless_channel, null, null, null, null
from floor_legacy.nodeshot_interface as legacy
inner join net_interface on legacy.id = net_interface.id
where legacy.type = 'wifi'
limit {limit};

-- floor: net_interface_bridge
insert into net_interface_bridge (interface_ptr_id)
select legacy.id
from floor_legacy.nodeshot_interface as legacy
inner join net_interface on legacy.id = net_interface.id
where legacy.type = 'bridge'
limit {limit};

-- floor: net_interface_tunnel
insert into net_interface_tunnel (interface_ptr_id, sap, protocol, endpoint)
select legacy.id, null, null, null
from floor_legacy.nodeshot_interface as legacy
inner join net_interface on legacy.id = net_interface.id
where legacy.type = 'vpn'
limit {limit};

-- floor: net_interface_vap
insert into net_interface_vap
    (added, updated, essid, bssid, encryption, key, auth_server, auth_port,
     accounting_server, accounting_port, interface_id)
select now(), now(), legacy.essid, legacy.bssid, null, null, null, null, null, null, legacy.id
from floor_legacy.nodeshot_interface as legacy
inner join net_interface_wireless on legacy.id = net_interface_wireless.interface_ptr_id
where legacy.essid <> '' or legacy.bssid <> ''
limit {limit};

-- floor: net_ip
insert into net_ip (added, updated, access_level, address, protocol, netmask, interface_id)
select now(), now(), 0, addresses.address::inet, 'ipv' || family(addresses.address::inet), null, addresses.id
from (
    select id, btrim(ipv4_address) as address from floor_legacy.nodeshot_interface where ipv4_address <> ''
    union all
    select id, btrim(ipv6_address) from floor_legacy.nodeshot_interface where ipv6_address <> ''
) as addresses
inner join net_interface on addresses.id = net_interface.id
limit {limit};

-- floor: links_link
insert into links_link
    (id, added, updated, access_level, type, line, status, first_seen, last_seen, metric_type,
     metric_value, max_rate, min_rate, dbm, noise, data, shortcuts, interface_a_id, interface_b_id,
     layer_id, node_a_id, node_b_id, topology_id)
select
    legacy.id, now(), now(), case when legacy.hide::int <> 0 then 3 else 0 end, 1,
    st_makeline(node_a.geometry, node_b.geometry), 2, null, null, 'etx', legacy.etx,
    greatest(legacy.sync_tx, legacy.sync_rx), least(legacy.sync_tx, legacy.sync_rx), legacy.dbm, null,
    hstore('imported', 'true'), ''::hstore, legacy.from_interface_id, legacy.to_interface_id,
    node_a.layer_id, node_a.id, node_b.id, null
from floor_legacy.nodeshot_link as legacy
inner join net_interface as interface_a on legacy.from_interface_id = interface_a.id
inner join net_interface as interface_b on legacy.to_interface_id = interface_b.id
inner join net_device as device_a on interface_a.device_id = device_a.id
inner join net_device as device_b on interface_b.device_id = device_b.id
inner join nodes_node as node_a on device_a.node_id = node_a.id
inner join nodes_node as node_b on device_b.node_id = node_b.id
limit {limit};

-- floor: mailing_inward
insert into mailing_inward
    (id, added, updated, status, object_id, from_name, from_email, message, ip, user_agent,
     accept_language, content_type_id, user_id)
select
    legacy.id, legacy.date, legacy.date, 1, legacy.node_id, legacy.from_name, legacy.from_email,
    legacy.message, btrim(legacy.ip)::inet, legacy.user_agent, legacy.accept_language, content_type.id, null
from floor_legacy.nodeshot_contact as legacy
cross join (
    select id from django_content_type where app_label = 'nodes' and model = 'node'
) as content_type
limit {limit};

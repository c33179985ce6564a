-- Every legacy row that will not be migrated, with the rule that stopped it
-- and a sentence saying what to change. One row per legacy row.
-- A table, unlike the other marts: it reads only the build's own tables
-- (rules and legacy staging, never the application tables), so it cannot
-- go stale before the apply, and its data tests, the apply's snapshot and
-- the reconciliation read it once instead of re-deriving it each time
-- (bench S2: about 20 s of build work).
-- Logged, unlike the build's other tables: it is the record of the last
-- build's rejects that `invoke migrate` points users to, and a no-change
-- sync does not rebuild it, so a server crash must not empty it.
{{ config(materialized='table', unlogged=false, post_hook='analyze {{ this }}') }}

with nodes as (
    select * from {{ ref('int_nodes_validated') }}
    where reject_rule is not null
),

admins as (
    select * from {{ ref('int_admins_matched') }}
    where reject_rule is not null
),

devices as (
    select * from {{ ref('int_devices_validated') }}
    where reject_rule is not null
),

interfaces as (
    select * from {{ ref('int_interfaces_classified') }}
    where reject_rule is not null
),

ip_addresses as (
    select * from {{ ref('int_ip_addresses_validated') }}
    where reject_rule is not null
),

vaps as (
    select * from {{ ref('int_vaps_matched') }}
    where reject_rule is not null
),

links as (
    select * from {{ ref('int_links_validated') }}
    where reject_rule is not null and {{ flag('import_links') }}
),

contacts as (
    select * from {{ ref('int_contacts_validated') }}
    where reject_rule is not null
),

hna_routes as (
    select * from {{ ref('int_hna_routes_validated') }}
    where reject_rule is not null
),

-- the first reject rule of every legacy device / interface, for the
-- cascade sentences below
device_rules as (
    select
        legacy_device_id,
        legacy_node_id,
        reject_rule
    from {{ ref('int_devices_validated') }}
),

interface_rules as (
    select
        legacy_interface_id,
        legacy_device_id,
        reject_rule
    from {{ ref('int_interfaces_classified') }}
),

node_rejects as (
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        reject_rule as rule,
        format('node %s %s: ', legacy_node_id, coalesce(quote_literal(name), '(no name)'))
        || case reject_rule
            when 'unconfirmed'
                then
                    'status u (unconfirmed): the owner never activated it, so it is not migrated (B.6 rule 26)'
                    || ' - set another status in the legacy row if it should be'
            when 'no_coordinates'
                then format(
                    case
                        when lat = 0 and lng = 0
                            then 'lat %s / lng %s is the 0/0 placeholder of a node without a position - fix the legacy row'
                        else 'lat %s / lng %s is not a number - fix the legacy row'
                    end,
                    coalesce(quote_literal(lat_raw), 'NULL'), coalesce(quote_literal(lng_raw), 'NULL')
                )
            when 'coordinates_out_of_range'
                then format(
                    'lat %s / lng %s out of range (lat -90..90, lng -180..180) - fix the legacy row', lat, lng
                )
            when 'missing_name' then 'the name is empty - give the legacy node a name'
            when 'name_too_long'
                then format(
                    'the name has %s characters, nodes_node.name takes 75 - shorten it in the legacy row',
                    length(name)
                )
            when 'missing_email' then 'the owner email is empty - set the legacy node email'
            when 'invalid_email'
                then format(
                    case
                        when length(email) > 254
                            then 'owner email %s has %s characters, more than the 254 an address may have - fix the legacy node email'
                        else 'owner email %s is not a valid address - fix the legacy node email'
                    end,
                    quote_literal(email), length(email)
                )
            when 'status_not_mapped'
                then format(
                    'legacy status %s has no row in seeds/status_mapping.csv and no default row maps it to an existing nodes_status slug',
                    quote_literal(legacy_status)
                )
            when 'no_layer'
                then
                    'in no layer area and no default layer is set - pass --default-layer or add a row to seeds/layer_overrides.csv'
            when 'default_layer_missing'
                then
                    'in no layer area and the default layer does not exist in layers_layer - pass an existing --default-layer'
            when 'outside_layer_area'
                then
                    'in no layer area, and the default layer is a polygon that does not contain it'
                    || ' (Node.clean() would refuse it) - add a row to seeds/layer_overrides.csv'
                    || ' or use a default layer with a point area'
            when 'ambiguous_layer'
                then format(
                    'covered by layers %s - add a row to seeds/layer_overrides.csv or choose another --ambiguous-layer policy',
                    covering_layer_ids
                )
            when 'duplicate_name'
                then
                    'another legacy node with a lower id has the same name (nodes_node.name is unique) - rename one of them'
            when 'name_taken'
                then
                    'a node of the target site already has this name - rename the legacy node or the site node'
            when 'too_close'
                then format(
                    'is %s m from %s node %s, closer than the %s m nodes_minimum_distance of layer %s'
                    || ' (Node.clean() would refuse it) - move or delete one of them',
                    round(near_distance_m::numeric, 1), case when is_near_site_node then 'site' else 'legacy' end,
                    near_node_id, minimum_distance, layer_id
                )
            when 'id_out_of_range'
                then format(
                    'its id %s is outside the range nodeshot 1.x ids can take here (0 up to 2147483647;'
                    || ' below 0 the migration numbers its new rows)'
                    || ' - renumber the legacy row (and the rows pointing at it)',
                    legacy_node_id
                )
            when 'invalid_utf8' then {{ invalid_utf8_sentence('invalid_text') }}
            else reject_rule
        end
        || case
            when swapped_layer_ids is not null
                then format(
                    ' - lat/lng look swapped: (lat %s, lng %s) would be inside layer %s;'
                    || ' fix the legacy row if so (never swapped automatically)',
                    lng, lat, swapped_layer_ids
                )
            else ''
        end as detail
    from nodes
),

admin_rejects as (
    select
        'auth_user' as entity,
        legacy_user_id as legacy_id,
        reject_rule as rule,
        format('admin %s %s: ', legacy_user_id, coalesce(quote_literal(username), '(no username)'))
        || case reject_rule
            when 'invalid_username'
                then
                    'the username has characters Django refuses (allowed: letters, digits and @.+-_) - rename it in the legacy auth_user'
            when 'username_too_long' then 'the username is longer than 254 characters'
            when 'invalid_boolean' then 'is_staff, is_active or is_superuser is neither 0 nor 1 - fix the legacy row'
            when 'invalid_date_joined' then 'date_joined is not a valid date - fix the legacy row'
            when 'invalid_email' then format('email %s is not a valid address - fix the legacy row', quote_literal(email))
            when 'name_too_long' then 'first or last name longer than 30 characters - shorten it in the legacy row'
            when 'duplicate_admin_username'
                then format(
                    'another legacy admin with a lower id, %s %s, has the same username up to case'
                    || ' (Django looks usernames up case-insensitively) - rename one of them',
                    username_holder_id, quote_literal(username_holder_name)
                )
            when 'duplicate_admin_email'
                then format(
                    'another legacy admin with a lower id has the same email %s (profiles_profile.email is unique) - change one of them',
                    quote_literal(email)
                )
            when 'blank_email_taken'
                then
                    'its email is blank and a profile of the target site already has the blank email'
                    || ' (profiles_profile.email is unique) - give the legacy admin an email'
            when 'ambiguous_admin_match'
                then
                    'its username and its email belong to two different profiles of the target site - merge or rename them first'
            when 'invalid_utf8' then {{ invalid_utf8_sentence('invalid_text') }}
            else reject_rule
        end as detail
    from admins
),

device_rejects as (
    select
        'nodeshot_device' as entity,
        devices.legacy_device_id as legacy_id,
        devices.reject_rule as rule,
        format('device %s %s: ', devices.legacy_device_id, coalesce(quote_literal(devices.name), '(no name)'))
        || case devices.reject_rule
            when 'orphan_device'
                then format(
                    'node %s does not exist in the legacy database (orphan device) - fix its node_id or delete it',
                    coalesce(quote_literal(devices.node_id_raw), 'NULL')
                )
            when 'node_not_migrated'
                then format(
                    'its node %s was not migrated (%s), so neither is the device - see the node''s reject row',
                    devices.legacy_node_id, devices.node_reject_rule
                )
            when 'id_taken'
                then format(
                    'the target site has its own device %s (not created by nodeshot-migrate); legacy ids are kept, '
                    || 'so the legacy device is not migrated - renumber one of them',
                    devices.legacy_device_id
                )
            when 'missing_name' then 'the name is empty - give the legacy device a name'
            when 'name_too_long'
                then format(
                    'the name has %s characters, net_device.name takes 50 - shorten it in the legacy row',
                    length(devices.name)
                )
            when 'description_too_long'
                then format(
                    'the description has %s characters, net_device.description takes 255 - shorten it in the legacy row',
                    length(devices.description)
                )
            when 'id_out_of_range'
                then format(
                    'its id %s is outside the range nodeshot 1.x ids can take here (0 up to 2147483647;'
                    || ' below 0 the migration numbers its new rows)'
                    || ' - renumber the legacy row (and the rows pointing at it)',
                    devices.legacy_device_id
                )
            when 'invalid_utf8' then {{ invalid_utf8_sentence('devices.invalid_text') }}
            else devices.reject_rule
        end as detail
    from devices
),

interface_rejects as (
    select
        'nodeshot_interface' as entity,
        interfaces.legacy_interface_id as legacy_id,
        interfaces.reject_rule as rule,
        format(
            'interface %s %s: ', interfaces.legacy_interface_id, coalesce(quote_literal(interfaces.cname), '(no cname)')
        )
        || case interfaces.reject_rule
            when 'orphan_interface'
                then format(
                    'device %s does not exist in the legacy database (orphan interface) - fix its device_id or delete it',
                    coalesce(quote_literal(interfaces.device_id_raw), 'NULL')
                )
            when 'device_not_migrated'
                then format(
                    'its device %s was not migrated (%s), so neither is the interface - see the device''s reject row',
                    interfaces.legacy_device_id, device_rules.reject_rule
                )
            when 'id_taken'
                then format(
                    'the target site has its own interface %s (not created by nodeshot-migrate); legacy ids are kept, '
                    || 'so the legacy interface is not migrated - renumber one of them',
                    interfaces.legacy_interface_id
                )
            when 'invalid_mac'
                then format(
                    'MAC %s is not a MAC address (EUI-48) - fix or empty mac_address in the legacy row',
                    quote_literal(interfaces.mac_address)
                )
            when 'invalid_wireless_mode'
                then format(
                    'wireless mode %s is not one of sta, ap, adhoc, monitor, mesh - fix the legacy row',
                    quote_literal(interfaces.wireless_mode)
                )
            when 'invalid_wireless_channel'
                then format(
                    'wireless channel %s is not a nodeshot 1.x channel - fix the legacy row or map it in seeds/wireless_channels.csv',
                    quote_literal(interfaces.wireless_channel)
                )
            when 'id_out_of_range'
                then format(
                    'its id %s is outside the range nodeshot 1.x ids can take here (0 up to 2147483647;'
                    || ' below 0 the migration numbers its new rows)'
                    || ' - renumber the legacy row (and the rows pointing at it)',
                    interfaces.legacy_interface_id
                )
            when 'invalid_utf8' then {{ invalid_utf8_sentence('interfaces.invalid_text') }}
            else interfaces.reject_rule
        end as detail
    from interfaces
    left join device_rules
        on interfaces.legacy_device_id = device_rules.legacy_device_id
),

ip_address_rejects as (
    select
        'nodeshot_interface.' || ip_addresses.legacy_column as entity,
        ip_addresses.legacy_interface_id as legacy_id,
        ip_addresses.reject_rule as rule,
        format(
            'interface %s %s: %s %s ',
            ip_addresses.legacy_interface_id,
            coalesce(quote_literal(ip_addresses.cname), '(no cname)'),
            case ip_addresses.legacy_column when 'ipv4_address' then 'IPv4' else 'IPv6' end,
            quote_literal(ip_addresses.address_raw)
        )
        || case ip_addresses.reject_rule
            when 'interface_not_migrated'
                then format(
                    'is not migrated because its interface was not (%s) - see the interface''s reject row',
                    interface_rules.reject_rule
                )
            when 'invalid_ipv4' then 'is not a dotted quad - fix the legacy row (the interface migrates without it)'
            when 'invalid_ipv6' then 'is not an IPv6 address - fix the legacy row (the interface migrates without it)'
            when 'unspecified_address'
                then
                    'is the unspecified address, not an address of the interface - empty it in the legacy row'
            when 'duplicate_address'
                then format(
                    'is also an address of interface %s, which keeps it (net_ip.address is unique) - remove one of them',
                    ip_addresses.first_interface_id
                )
            when 'address_taken'
                then format(
                    'already belongs to interface %s of the target site (net_ip.address is unique)'
                    || ' - free it there or change the legacy row',
                    ip_addresses.existing_interface_id
                )
            else ip_addresses.reject_rule
        end as detail
    from ip_addresses
    left join interface_rules
        on ip_addresses.legacy_interface_id = interface_rules.legacy_interface_id
),

vap_rejects as (
    select
        'nodeshot_interface.vap' as entity,
        vaps.legacy_interface_id as legacy_id,
        vaps.reject_rule as rule,
        format(
            'interface %s %s: the VAP (essid %s, bssid %s) ',
            vaps.legacy_interface_id,
            coalesce(quote_literal(vaps.cname), '(no cname)'),
            coalesce(quote_literal(vaps.essid), 'NULL'),
            coalesce(quote_literal(vaps.bssid), 'NULL')
        )
        || case vaps.reject_rule
            when 'interface_not_migrated'
                then format(
                    'is not migrated because its interface was not (%s) - see the interface''s reject row',
                    interface_rules.reject_rule
                )
            when 'essid_too_long' then 'is not migrated: the essid is longer than 50 characters - shorten it in the legacy row'
            when 'bssid_too_long' then 'is not migrated: the bssid is longer than 50 characters - shorten it in the legacy row'
            else vaps.reject_rule
        end as detail
    from vaps
    left join interface_rules
        on vaps.legacy_interface_id = interface_rules.legacy_interface_id
),

link_rejects as (
    select
        'nodeshot_link' as entity,
        links.legacy_link_id as legacy_id,
        links.reject_rule as rule,
        format(
            'link %s (interface %s -> %s): ',
            links.legacy_link_id,
            coalesce(links.from_interface_id_raw, 'NULL'),
            coalesce(links.to_interface_id_raw, 'NULL')
        )
        || case links.reject_rule
            when 'orphan_link'
                then format(
                    'interface %s does not exist in the legacy database (orphan link) - delete the link or fix it',
                    case
                        when links.is_interface_a_missing then coalesce(quote_literal(links.from_interface_id_raw), 'NULL')
                        else coalesce(quote_literal(links.to_interface_id_raw), 'NULL')
                    end
                )
            when 'invalid_number'
                then format(
                    'etx %s, dbm %s, sync_tx %s, sync_rx %s: one of them is not a number in range - fix the legacy row',
                    coalesce(quote_literal(links.etx_raw), 'NULL'), coalesce(quote_literal(links.dbm_raw), 'NULL'),
                    coalesce(quote_literal(links.sync_tx_raw), 'NULL'), coalesce(quote_literal(links.sync_rx_raw), 'NULL')
                )
            when 'invalid_boolean'
                then format(
                    'hide %s is neither 0 nor 1 - fix the legacy row', coalesce(quote_literal(links.hide_raw), 'NULL')
                )
            when 'self_link'
                then
                    'both ends are the same interface (Link.clean() refuses it) - delete the legacy link'
            when 'interface_not_migrated'
                then format(
                    'interface %s was not migrated (%s), so neither is the link - see the interface''s reject row',
                    case
                        when links.interface_a_reject_rule is not null then links.legacy_from_interface_id
                        else links.legacy_to_interface_id
                    end,
                    coalesce(links.interface_a_reject_rule, links.interface_b_reject_rule)
                )
            when 'id_taken'
                then format(
                    'the target site has its own link %s (not created by nodeshot-migrate); legacy ids are kept, '
                    || 'so the legacy link is not migrated - renumber one of them',
                    links.legacy_link_id
                )
            when 'duplicate_link'
                then format(
                    'joins the same two interfaces as link %s, which is migrated - delete one of them',
                    links.first_link_id
                )
            when 'id_out_of_range'
                then format(
                    'its id %s is outside the range nodeshot 1.x ids can take here (0 up to 2147483647;'
                    || ' below 0 the migration numbers its new rows)'
                    || ' - renumber the legacy row (and the rows pointing at it)',
                    links.legacy_link_id
                )
            when 'invalid_utf8' then {{ invalid_utf8_sentence('links.invalid_text') }}
            else links.reject_rule
        end as detail
    from links
),

contact_rejects as (
    select
        'nodeshot_contact' as entity,
        contacts.legacy_contact_id as legacy_id,
        contacts.reject_rule as rule,
        format(
            'contact %s from %s to node %s: ',
            contacts.legacy_contact_id,
            coalesce(quote_literal(contacts.from_email), '(no email)'),
            coalesce(contacts.node_id_raw, 'NULL')
        )
        || case contacts.reject_rule
            when 'orphan_contact'
                then
                    'the node does not exist in the legacy database (orphan contact) - delete the contact or fix its node_id'
            when 'node_not_migrated'
                then format(
                    'the node was not migrated (%s), so neither is the message - see the node''s reject row',
                    contacts.node_reject_rule
                )
            when 'id_taken'
                then format(
                    'the target site has its own inward message %s (not created by nodeshot-migrate); legacy ids '
                    || 'are kept, so the legacy contact is not migrated - renumber one of them',
                    contacts.legacy_contact_id
                )
            when 'content_type_missing'
                then
                    'the target has no django_content_type (nodes, node) - run nodeshot''s migrations on the target'
            when 'missing_sender'
                then
                    'the sender name or email is empty and no profile has that email - fill them in the legacy row'
            when 'from_name_too_long'
                then format(
                    'the sender name has %s characters, mailing_inward.from_name takes 50 - shorten it',
                    length(contacts.from_name)
                )
            when 'invalid_from_email'
                then
                    'the sender email is not a valid address of at most 50 characters - fix the legacy row'
            when 'message_too_short'
                then format(
                    'the message has %s characters, nodeshot 1.x wants 15 to 2000 - lengthen it or accept the loss',
                    length(contacts.message)
                )
            when 'message_too_long'
                then format(
                    'the message has %s characters, nodeshot 1.x wants 15 to 2000 - shorten it in the legacy row',
                    length(contacts.message)
                )
            when 'invalid_ip'
                then format(
                    'ip %s is not an IPv4/IPv6 address - fix or empty it in the legacy row', quote_literal(contacts.ip_raw)
                )
            when 'header_too_long'
                then
                    'user agent or accept-language longer than 255 characters - shorten it in the legacy row'
            when 'id_out_of_range'
                then format(
                    'its id %s is outside the range nodeshot 1.x ids can take here (0 up to 2147483647;'
                    || ' below 0 the migration numbers its new rows)'
                    || ' - renumber the legacy row (and the rows pointing at it)',
                    contacts.legacy_contact_id
                )
            when 'invalid_utf8' then {{ invalid_utf8_sentence('contacts.invalid_text') }}
            else contacts.reject_rule
        end as detail
    from contacts
),

hna_route_rejects as (
    select
        'nodeshot_hna' as entity,
        hna_routes.legacy_hna_id as legacy_id,
        hna_routes.reject_rule as rule,
        format(
            'HNA route %s %s of device %s: ',
            hna_routes.legacy_hna_id,
            coalesce(quote_literal(hna_routes.route), 'NULL'),
            coalesce(hna_routes.device_id_raw, 'NULL')
        )
        || case hna_routes.reject_rule
            when 'orphan_hna'
                then
                    'the device does not exist in the legacy database (orphan route) - delete the route or fix its device_id'
            when 'device_not_migrated'
                then format(
                    'the device was not migrated (%s), so neither is its route - see the device''s reject row',
                    device_rules.reject_rule
                )
            when 'invalid_route' then 'is not an IPv4/IPv6 network (address/prefix) - fix the legacy row'
            when 'invalid_utf8' then {{ invalid_utf8_sentence('hna_routes.invalid_text') }}
            else hna_routes.reject_rule
        end as detail
    from hna_routes
    left join device_rules
        on hna_routes.legacy_device_id = device_rules.legacy_device_id
),

unioned as (
    select * from node_rejects
    union all
    select * from admin_rejects
    union all
    select * from device_rejects
    union all
    select * from interface_rejects
    union all
    select * from ip_address_rejects
    union all
    select * from vap_rejects
    union all
    select * from link_rejects
    union all
    select * from contact_rejects
    union all
    select * from hna_route_rejects
)

select
    entity::text as entity,
    legacy_id::bigint as legacy_id,
    rule::text as rule,
    detail::text as detail
from unioned

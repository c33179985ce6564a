-- Devices, interfaces and contacts that DO migrate but were changed on the
-- way by a documented rule (same columns as the notices mart, which lists
-- them): nothing is changed silently.
--   routing_protocol_unmapped  legacy protocol without a seed row, created under its own name (E.22)
--   routing_protocol_blank     empty legacy protocol, the device gets none
--   unknown_interface_type     legacy type without a seed row, migrated as virtual (bad-inputs 24)
--   name_truncated             cname longer than 10 characters (rule 47, bad-inputs 14)
--   name_deduplicated          the 10-character name repeats on the device, a counter is appended
--   mac_dropped                MAC already used by a lower-id interface or a site interface (bad-inputs 16)
--   channel_mapped             wireless channel 2432 stored as 2427 (E.18)
--   date_defaulted             unreadable added/updated/date (bad-inputs 19)
--   wireless_mode_changed      wireless mode stored in the spelling of the target's choices (AP -> ap, issue 16)
--   from_email_trimmed         contact sender address with spaces around it (issue 16)
--   from_name_from_profile     empty contact sender name, the matched profile's name used (E.21)
with devices as (
    select * from {{ ref('int_devices_validated') }}
    where reject_rule is null
),

protocols as (
    select * from {{ ref('int_device_protocols_mapped') }}
),

interfaces as (
    select * from {{ ref('int_interfaces_classified') }}
    where reject_rule is null
),

contacts as (
    select * from {{ ref('int_contacts_validated') }}
    where reject_rule is null
),

device_notices as (
    select
        'nodeshot_device' as entity,
        devices.legacy_device_id as legacy_id,
        'routing_protocol_unmapped' as rule,
        format(
            'device %s %s: routing protocol %s has no row in seeds/routing_protocols.csv, '
            || 'linked to protocol %s (created if missing) - add a seed row to map it elsewhere',
            devices.legacy_device_id, quote_literal(devices.name),
            quote_literal(protocols.legacy_protocol), quote_literal(protocols.protocol_name)
        ) as detail
    from devices
    inner join protocols
        on devices.legacy_device_id = protocols.legacy_device_id
    where protocols.mapping_rule = 'unmapped'
    union all
    select
        'nodeshot_device' as entity,
        devices.legacy_device_id as legacy_id,
        'routing_protocol_blank' as rule,
        format(
            'device %s %s: the legacy routing protocol is empty, the device is linked to no protocol',
            devices.legacy_device_id, quote_literal(devices.name)
        ) as detail
    from devices
    inner join protocols
        on devices.legacy_device_id = protocols.legacy_device_id
    where protocols.mapping_rule = 'blank'
    union all
    select
        'nodeshot_device' as entity,
        legacy_device_id as legacy_id,
        'date_defaulted' as rule,
        format(
            'device %s %s: added %s / updated %s unreadable or ambiguous (e.g. a zero date, 03/04/2012); used %s / %s',
            legacy_device_id, quote_literal(name), coalesce(quote_literal(added_raw), 'NULL'),
            coalesce(quote_literal(updated_raw), 'NULL'), added_at, updated_at
        ) as detail
    from devices
    where is_date_missing
),

interface_flags as (
    -- one pass over the interfaces (a million at bench S2), where a branch
    -- per rule read them eight times (the CTE read eight times was first
    -- written out whole): a column per rule, only for the rows that have
    -- at least one
    select
        legacy_interface_id,
        case when is_unknown_type then format(
            'interface %s %s: type %s is not in seeds/interface_kinds.csv, migrated as a virtual interface '
            || 'with data old_nodeshot_interface_type = %s - add a seed row to map it',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'),
            coalesce(quote_literal(interface_type_raw), 'NULL'), quote_literal(old_type_label)
        ) end as unknown_interface_type,
        case when is_name_truncated then format(
            'interface %s: cname %s is longer than 10 characters (net_interface.name), named %s',
            legacy_interface_id, quote_literal(cname), quote_literal(left(cname, 10))
        ) end as name_truncated,
        case when is_name_deduplicated then format(
            'interface %s %s: its first 10 characters repeat the name of a lower-id interface of device %s, named %s',
            legacy_interface_id, quote_literal(cname), legacy_device_id, quote_literal(name)
        ) end as name_deduplicated,
        case when mac_rule = 'duplicate_mac' then format(
            'interface %s %s: MAC %s is also the MAC of interface %s, which keeps it '
            || '(net_interface.mac is unique); migrated without MAC',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'), quote_literal(mac_address),
            first_mac_interface_id
        ) end as mac_duplicate,
        case when mac_rule = 'mac_taken' then format(
            'interface %s %s: MAC %s already belongs to interface %s of the target site '
            || '(net_interface.mac is unique); migrated without MAC',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'), quote_literal(mac_address),
            mac_holder_id
        ) end as mac_taken,
        case when kind = 'wireless' and is_channel_mapped then format(
            'interface %s %s: wireless channel %s stored as %s, the value nodeshot 1.x uses for that channel; '
            || 'data old_nodeshot_wireless_channel keeps %s',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'), quote_literal(wireless_channel),
            quote_literal(channel), quote_literal(wireless_channel)
        ) end as channel_mapped,
        case when kind = 'wireless' and (wireless_mode_raw is distinct from mode) then format(
            'interface %s %s: wireless mode %s stored as %s, the spelling of nodeshot 1.x''s choices',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'), quote_literal(wireless_mode_raw),
            coalesce(quote_literal(mode), 'NULL')
        ) end as wireless_mode_changed,
        case when is_date_missing then format(
            'interface %s %s: added %s / updated %s unreadable or ambiguous (e.g. a zero date, 03/04/2012); used %s / %s',
            legacy_interface_id, coalesce(quote_literal(cname), '(no cname)'), coalesce(quote_literal(added_raw), 'NULL'),
            coalesce(quote_literal(updated_raw), 'NULL'), added_at, updated_at
        ) end as date_defaulted
    from interfaces
    where
        is_unknown_type
        or is_name_truncated
        or is_name_deduplicated
        or mac_rule = 'duplicate_mac'
        or mac_rule = 'mac_taken'
        or (kind = 'wireless' and is_channel_mapped)
        or (kind = 'wireless' and mode is distinct from wireless_mode_raw)
        or is_date_missing
),

interface_notices as (
    select
        'nodeshot_interface' as entity,
        flags.legacy_interface_id as legacy_id,
        notes.rule,
        notes.detail
    from interface_flags as flags
    cross join
        lateral (
            values
            ('unknown_interface_type', flags.unknown_interface_type),
            ('name_truncated', flags.name_truncated),
            ('name_deduplicated', flags.name_deduplicated),
            ('mac_dropped', flags.mac_duplicate),
            ('mac_dropped', flags.mac_taken),
            ('channel_mapped', flags.channel_mapped),
            ('wireless_mode_changed', flags.wireless_mode_changed),
            ('date_defaulted', flags.date_defaulted)
        ) as notes (rule, detail)
    where notes.detail is not null
),

contact_notices as (
    select
        'nodeshot_contact' as entity,
        legacy_contact_id as legacy_id,
        'date_defaulted' as rule,
        format(
            'contact %s: date %s unreadable or ambiguous (e.g. a zero date, 03/04/2012); used the time of the run %s',
            legacy_contact_id, coalesce(quote_literal(sent_raw), 'NULL'), sent_at
        ) as detail
    from contacts
    where is_date_missing
    union all
    select
        'nodeshot_contact' as entity,
        legacy_contact_id as legacy_id,
        'from_email_trimmed' as rule,
        format(
            'contact %s: from_email %s has spaces around it, which an address cannot hold; stored as %s',
            legacy_contact_id, quote_literal(from_email_raw), quote_literal(from_email)
        ) as detail
    from contacts
    where from_email <> coalesce(from_email_raw, '')
    union all
    select
        'nodeshot_contact' as entity,
        legacy_contact_id as legacy_id,
        'from_name_from_profile' as rule,
        format(
            'contact %s: from_name is empty; the name of the profile with the sender''s email, %s, is used',
            legacy_contact_id, quote_literal(from_name)
        ) as detail
    from contacts
    where is_from_name_from_profile
),

final as (
    select * from device_notices
    union all
    select * from interface_notices
    union all
    select * from contact_notices
)

select
    entity::text as entity,
    legacy_id::bigint as legacy_id,
    rule::text as rule,
    detail::text as detail
from final

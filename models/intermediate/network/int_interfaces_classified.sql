-- B.9 rules 47-53: every legacy interface, its 1.x kind and the first rule
-- that stops it (reject_rule; null = it migrates).
--   * kind through seeds/interface_kinds (rule 48); a type the seed does not
--     know becomes a virtual interface with the legacy value kept in
--     data['old_nodeshot_interface_type'] (bad-inputs 24), reported;
--   * name = the first 10 characters of the legacy cname (rule 47;
--     bad-inputs 14): a truncated name is reported, and a name that then
--     repeats on the same device gets a counter (`wlan0-bac2`), so names stay
--     unique per device as the legacy UNIQUE(device_id, cname) had them; a
--     NULL cname gives a NULL name (net_interface.name is nullable; the
--     reference aborted, E.2);
--   * MAC normalised to macaddr (rule 53); an unreadable MAC rejects the
--     interface (rule 52); a MAC that a lower-id interface or another
--     interface of the site already has is dropped (NULL) and reported
--     (bad-inputs 16);
--   * wireless: mode must be a 1.x choice, the channel goes through
--     seeds/wireless_channels (2432 -> 2427, E.18); otherwise rejected;
--   * an interface of a device that does not migrate is rejected in cascade
--     (device_not_migrated); one whose device does not exist is an orphan;
--     one whose id a site interface holds (not created by an earlier run)
--     is id_taken, never overwritten.
with interfaces as (
    select * from {{ ref('stg_legacy__interfaces') }}
),

devices as (
    select
        legacy_device_id,
        legacy_node_id,
        reject_rule
    from {{ ref('int_devices_validated') }}
),

kinds as (
    select * from {{ ref('interface_kinds') }}
),

channels as (
    select * from {{ ref('wireless_channels') }}
),

vanished_interfaces as (
    select row_id from {{ ref('int_rows_vanished') }}
    where table_name = 'net_interface'
),

-- Target interfaces, without the importer's own interfaces that this run
-- deletes before writing (their MACs are free again).
existing_interfaces as (
    select
        app_interfaces.id,
        app_interfaces.mac
    from {{ ref('stg_app__interfaces') }} as app_interfaces
    where app_interfaces.id not in (select vanished_interfaces.row_id from vanished_interfaces)
),

-- The two lowest ids per MAC among the target interfaces: enough to name
-- "another interface with this MAC" for any interface, in one pass (a
-- correlated subquery here took minutes on a re-run at S1).
mac_holders as (
    select
        mac,
        min(id) as first_id,
        (array_agg(id order by id))[2] as second_id
    from existing_interfaces
    where mac is not null
    group by mac
),

owned_interfaces as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'net_interface'
),

classified as (
    select
        interfaces.*,
        devices.legacy_node_id,
        coalesce(kinds.kind, 'virtual') as kind,
        coalesce(kinds.interface_type, 4) as type_code,
        kinds.legacy_type is null as is_unknown_type,
        case
            when coalesce(kinds.kind, 'virtual') = 'virtual'
                then coalesce(kinds.label, btrim(interfaces.interface_type_raw))
        end as old_type_label,
        lower(interfaces.wireless_mode) as mode,
        channels.channel,
        channels.legacy_channel is not null and channels.channel <> channels.legacy_channel as is_channel_mapped,
        interfaces.added_at is null or interfaces.updated_at is null as is_date_missing,
        case
            when interfaces.legacy_interface_id not between 0 and 2147483647 then 'id_out_of_range'
            when interfaces.invalid_text is not null then 'invalid_utf8'
            when devices.legacy_device_id is null then 'orphan_interface'
            when devices.reject_rule is not null then 'device_not_migrated'
            when same_id.id is not null and owned_interfaces.row_id is null then 'id_taken'
            when interfaces.mac_address is not null and interfaces.mac is null then 'invalid_mac'
            when
                coalesce(kinds.kind, 'virtual') = 'wireless'
                and lower(interfaces.wireless_mode) not in ('sta', 'ap', 'adhoc', 'monitor', 'mesh')
                then 'invalid_wireless_mode'
            when
                coalesce(kinds.kind, 'virtual') = 'wireless'
                and interfaces.wireless_channel is not null
                and channels.channel is null
                then 'invalid_wireless_channel'
        end as reject_rule
    from interfaces
    left join devices
        on interfaces.legacy_device_id = devices.legacy_device_id
    left join kinds
        on interfaces.interface_type = kinds.legacy_type
    left join channels
        on interfaces.wireless_channel = channels.legacy_channel
    left join existing_interfaces as same_id
        on interfaces.legacy_interface_id = same_id.id
    left join owned_interfaces
        on interfaces.legacy_interface_id = owned_interfaces.row_id
),

ranked as (
    select
        classified.*,
        left(classified.cname, 10) as short_name,
        case
            when classified.cname is not null
                then row_number() over (
                    partition by classified.reject_rule is null, classified.legacy_device_id, left(classified.cname, 10)
                    order by classified.legacy_interface_id
                )
        end as name_rank,
        case
            when classified.mac is not null
                then row_number() over (
                    partition by classified.reject_rule is null, classified.mac
                    order by classified.legacy_interface_id
                )
        end as mac_rank,
        min(classified.legacy_interface_id) over (
            partition by classified.reject_rule is null, classified.mac
        ) as first_mac_interface_id,
        -- the lowest id of another target interface with this MAC
        case
            when mac_holders.first_id <> classified.legacy_interface_id then mac_holders.first_id
            else mac_holders.second_id
        end as mac_holder_id
    from classified
    left join mac_holders
        on classified.mac = mac_holders.mac
),

final as (
    select
        legacy_interface_id,
        legacy_device_id,
        legacy_node_id,
        device_id_raw,
        interface_type,
        interface_type_raw,
        kind,
        type_code,
        is_unknown_type,
        old_type_label,
        cname,
        case
            when name_rank > 1 then left(short_name, 10 - length(name_rank::text)) || name_rank
            else short_name
        end as name,
        length(cname) > 10 as is_name_truncated,
        coalesce(name_rank > 1, false) as is_name_deduplicated,
        mac_address,
        case when mac_rank = 1 and mac_holder_id is null then mac end as mac,
        case
            when mac_rank > 1 then 'duplicate_mac'
            when mac_holder_id is not null then 'mac_taken'
        end as mac_rule,
        mac_holder_id,
        first_mac_interface_id,
        ipv4_address,
        ipv6_address,
        mode,
        wireless_mode,
        wireless_mode_raw,
        wireless_channel,
        channel,
        is_channel_mapped,
        essid,
        bssid,
        is_date_missing,
        added_at is null and updated_at is null as is_date_run_time,
        coalesce(added_at, updated_at, now()) as added_at,
        coalesce(updated_at, added_at, now()) as updated_at,
        added_raw,
        updated_raw,
        invalid_text,
        reject_rule
    from ranked
)

select * from final

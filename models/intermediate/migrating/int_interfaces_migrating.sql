-- The legacy side of net_interface and its subclass tables: every
-- interface that migrates (no reject, its device migrates), keyed by its
-- integer id, with the node, owner and layer its shortcuts name.
with interfaces as (
    select * from {{ ref('int_interfaces_classified') }}
    where reject_rule is null
),

devices as (
    select
        id,
        node_id,
        layer_id,
        user_id
    from {{ ref('int_devices_migrating') }}
),

final as (
    select
        interfaces.legacy_interface_id::integer as id,
        interfaces.added_at,
        interfaces.updated_at,
        interfaces.is_date_run_time,
        interfaces.kind,
        interfaces.type_code::integer as type,
        interfaces.name::varchar as name,
        interfaces.mac::macaddr as mac,
        interfaces.essid,
        interfaces.bssid,
        interfaces.is_channel_mapped,
        interfaces.wireless_channel,
        interfaces.old_type_label,
        interfaces.mode::varchar as mode,
        interfaces.channel::varchar as channel,
        devices.id as device_id,
        devices.node_id,
        devices.layer_id,
        devices.user_id
    from interfaces
    inner join devices
        on interfaces.legacy_device_id = devices.id
)

select * from final

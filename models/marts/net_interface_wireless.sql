-- net_interface_wireless child rows (B.9 rule 48: legacy `wifi`): mode and
-- channel from the legacy row (channel through seeds/wireless_channels,
-- 2432 -> 2427, E.18); the other wireless columns are the site's (an
-- existing row keeps them) or NULL.
with interfaces as (
    select * from {{ ref('int_interfaces_classified') }}
    where reject_rule is null and kind = 'wireless'
),

written as (
    select id from {{ ref('net_interface') }}
),

existing as (
    select * from {{ ref('stg_app__interfaces_wireless') }}
),

final as (
    select
        interfaces.legacy_interface_id::integer as interface_ptr_id,
        interfaces.mode::varchar as mode,
        existing.standard,
        interfaces.channel::varchar as channel,
        existing.channel_width,
        existing.output_power,
        existing.dbm,
        existing.noise
    from interfaces
    inner join written
        on interfaces.legacy_interface_id = written.id
    left join existing
        on interfaces.legacy_interface_id = existing.interface_ptr_id
)

select * from final

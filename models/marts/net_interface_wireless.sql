-- net_interface_wireless child rows (B.9 rule 48: legacy `wifi`): mode and
-- channel from the legacy row (channel through seeds/wireless_channels,
-- 2432 -> 2427, E.18); the other wireless columns are the site's (an
-- existing row keeps them) or NULL.
with interfaces as (
    select * from {{ ref('int_interfaces_migrating') }}
    where kind = 'wireless'
),

existing as (
    select * from {{ ref('stg_app__interfaces_wireless') }}
),

final as (
    select
        interfaces.id as interface_ptr_id,
        interfaces.mode,
        existing.standard,
        interfaces.channel,
        existing.channel_width,
        existing.output_power,
        existing.dbm,
        existing.noise
    from interfaces
    left join existing
        on interfaces.id = existing.interface_ptr_id
)

select * from final

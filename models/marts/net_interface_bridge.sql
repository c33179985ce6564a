-- net_interface_bridge child rows (B.9 rule 48: legacy `bridge`), without
-- bridged members (the legacy schema has none).
with interfaces as (
    select id from {{ ref('int_interfaces_migrating') }}
    where type = 3
),

final as (
    select id as interface_ptr_id
    from interfaces
)

select * from final

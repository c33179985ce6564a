-- net_interface_ethernet child rows (B.9 rule 48: legacy `eth`): standard
-- 'fast' and duplex 'full' as the reference wrote them; an existing row
-- keeps the values the site set (E.16).
with interfaces as (
    select id from {{ ref('int_interfaces_migrating') }}
    where type = 1
),

existing as (
    select * from {{ ref('stg_app__interfaces_ethernet') }}
),

final as (
    select
        interfaces.id as interface_ptr_id,
        coalesce(existing.standard, 'fast')::varchar as standard,
        coalesce(existing.duplex, 'full')::varchar as duplex
    from interfaces
    left join existing
        on interfaces.id = existing.interface_ptr_id
)

select * from final

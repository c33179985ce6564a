-- net_interface_tunnel child rows (B.9 rule 48: legacy `vpn`): sap,
-- protocol and endpoint are unknown in the legacy data (NULL), or the
-- site's values on an existing row.
with interfaces as (
    select id from {{ ref('int_interfaces_migrating') }}
    where type = 5
),

existing as (
    select * from {{ ref('stg_app__interfaces_tunnel') }}
),

final as (
    select
        interfaces.id as interface_ptr_id,
        existing.sap,
        existing.protocol,
        existing.endpoint
    from interfaces
    left join existing
        on interfaces.id = existing.interface_ptr_id
)

select * from final

-- Existing routing protocols: B.8 rule 45 reuses one with the mapped name instead of creating it.
with source as (
    select * from {{ source('app', 'net_routing_protocol') }}
)

select * from source

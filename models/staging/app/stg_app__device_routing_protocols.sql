-- Existing device <-> protocol pairs (B.8 rule 46 adds a pair only when missing).
with source as (
    select * from {{ source('app', 'net_device_routing_protocols') }}
)

select * from source

-- Existing Bridge child rows.
with source as (
    select * from {{ source('app', 'net_interface_bridge') }}
)

select * from source

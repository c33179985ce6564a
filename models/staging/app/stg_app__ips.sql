-- Existing IP addresses: net_ip.address is unique across the site.
with source as (
    select * from {{ source('app', 'net_ip') }}
)

select * from source

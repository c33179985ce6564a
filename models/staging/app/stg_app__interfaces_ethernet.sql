-- Existing Ethernet child rows (standard and duplex are kept on a re-run).
with source as (
    select * from {{ source('app', 'net_interface_ethernet') }}
)

select * from source

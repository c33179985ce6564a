-- Existing Wireless child rows (standard, width, power... are kept on a re-run).
with source as (
    select * from {{ source('app', 'net_interface_wireless') }}
)

select * from source

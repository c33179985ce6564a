-- Existing Tunnel child rows (sap, protocol and endpoint are kept on a re-run).
with source as (
    select * from {{ source('app', 'net_interface_tunnel') }}
)

select * from source

-- Existing VAPs: B.9 rule 54 reuses the VAP of the same interface with the same essid or bssid.
with source as (
    select * from {{ source('app', 'net_interface_vap') }}
)

select * from source

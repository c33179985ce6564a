-- Existing net_interface rows (parent of the interface kinds).
with source as (
    select * from {{ source('app', 'net_interface') }}
)

select * from source

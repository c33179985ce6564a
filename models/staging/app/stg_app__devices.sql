-- Existing net_device rows (a re-run updates the ones with a legacy id; the site's own columns are kept).
with source as (
    select * from {{ source('app', 'net_device') }}
)

select * from source

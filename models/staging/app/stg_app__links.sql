-- Existing links (a re-run updates the ones with a legacy id).
with source as (
    select * from {{ source('app', 'links_link') }}
)

select * from source

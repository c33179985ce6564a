-- Existing inward messages (a re-run updates the ones with a legacy contact id).
with source as (
    select * from {{ source('app', 'mailing_inward') }}
)

select * from source

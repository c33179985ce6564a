-- Target rows created by earlier runs of this tool (the ownership ledger).
with source as (
    select * from {{ source('ledger', 'owned_rows') }}
),

renamed as (
    select
        table_name,
        row_id,
        legacy_key,
        run_id
    from source
)

select * from renamed

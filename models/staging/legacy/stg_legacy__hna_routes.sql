with source as (
    select * from {{ source('legacy', 'nodeshot_hna') }}
),

typed as (
    select
        id as legacy_hna_id,
        {{ safe_bigint('device_id') }} as legacy_device_id,
        device_id as device_id_raw,
        btrim(route) as route
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_hna_id', 'nodeshot_hna') }}
)

select * from flagged

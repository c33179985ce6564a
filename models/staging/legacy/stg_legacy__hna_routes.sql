with source as (
    select * from {{ source('legacy', 'nodeshot_hna') }}
),

invalid_text as (
    {{ invalid_text_rows('nodeshot_hna') }}
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
    select
        typed.*,
        invalid_text.invalid_text
    from typed
    left join invalid_text
        on typed.legacy_hna_id = invalid_text.invalid_legacy_id
)

select * from flagged

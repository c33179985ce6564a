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
)

select * from typed

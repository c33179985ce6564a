with source as (
    select * from {{ source('legacy', 'nodeshot_device') }}
),

typed as (
    select
        id as legacy_device_id,
        {{ safe_bigint('node_id') }} as legacy_node_id,
        node_id as node_id_raw,
        name,
        cname,
        description,
        type as model,
        btrim(coalesce(routing_protocol, '')) as routing_protocol,
        routing_protocol_version,
        {{ legacy_timestamp('added') }} as added_at,
        {{ legacy_timestamp('updated') }} as updated_at,
        added as added_raw,
        updated as updated_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_device_id', 'nodeshot_device') }}
)

select * from flagged

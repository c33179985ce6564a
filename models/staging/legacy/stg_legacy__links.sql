with source as (
    select * from {{ source('legacy', 'nodeshot_link') }}
),

typed as (
    select
        id as legacy_link_id,
        {{ safe_bigint('from_interface_id') }} as legacy_from_interface_id,
        {{ safe_bigint('to_interface_id') }} as legacy_to_interface_id,
        {{ safe_double('etx') }} as etx,
        {{ safe_bigint('dbm') }} as dbm,
        {{ safe_bigint('sync_tx') }} as sync_tx,
        {{ safe_bigint('sync_rx') }} as sync_rx,
        {{ safe_bool('hide') }} as is_hidden,
        from_interface_id as from_interface_id_raw,
        to_interface_id as to_interface_id_raw,
        etx as etx_raw,
        dbm as dbm_raw,
        sync_tx as sync_tx_raw,
        sync_rx as sync_rx_raw,
        hide as hide_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_link_id', 'nodeshot_link') }}
)

select * from flagged

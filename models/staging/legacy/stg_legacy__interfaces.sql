-- legacy nodeshot_interface, typed. IP strings are trimmed (SQLite keeps the
-- char(n) padding, legacy-schema 6.5); empty strings are NULL, as the 0.9
-- model's clean() made them.
with source as (
    select * from {{ source('legacy', 'nodeshot_interface') }}
),

typed as (
    select
        id as legacy_interface_id,
        {{ safe_bigint('device_id') }} as legacy_device_id,
        device_id as device_id_raw,
        nullif(btrim(ipv4_address), '') as ipv4_address,
        nullif(btrim(ipv6_address), '') as ipv6_address,
        nullif(btrim(mac_address), '') as mac_address,
        {{ safe_mac('mac_address') }} as mac,
        lower(btrim(coalesce(type, ''))) as interface_type,
        type as interface_type_raw,
        cname,
        {{ safe_bool('draw_link') }} as draw_link,
        nullif(btrim(wireless_mode), '') as wireless_mode,
        wireless_mode as wireless_mode_raw,
        nullif(btrim(wireless_channel), '') as wireless_channel,
        nullif(btrim(wireless_polarity), '') as wireless_polarity,
        essid,
        bssid,
        status,
        {{ legacy_timestamp('added') }} as added_at,
        {{ legacy_timestamp('updated') }} as updated_at,
        added as added_raw,
        updated as updated_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_interface_id', 'nodeshot_interface') }}
)

select * from flagged

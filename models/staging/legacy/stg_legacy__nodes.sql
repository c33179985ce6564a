-- legacy nodeshot_node, typed: coordinates as doubles, naive datetimes read
-- in the legacy time zone, the owner email normalised for identity (E.8),
-- text repaired only with var fix_double_encoding (bad-inputs 21).
with source as (
    select * from {{ source('legacy', 'nodeshot_node') }}
),

typed as (
    select
        id as legacy_node_id,
        {{ legacy_text('name') }} as name,
        slug,
        {{ legacy_text('owner') }} as owner,
        {{ legacy_text('description') }} as description,
        coalesce(postal_code, '') as postal_code,
        btrim(coalesce(email, '')) as email,
        email as email_raw,
        lower(btrim(coalesce(email, ''))) as email_key,
        nullif(btrim(email2), '') as email2,
        nullif(btrim(email3), '') as email3,
        {{ safe_double('lat') }} as lat,
        {{ safe_double('lng') }} as lng,
        {{ safe_double('alt') }} as alt,
        lat as lat_raw,
        lng as lng_raw,
        alt as alt_raw,
        btrim(coalesce(status, '')) as status,
        {{ legacy_text('notes') }} as notes,
        {{ legacy_timestamp('added') }} as added_at,
        {{ legacy_timestamp('updated') }} as updated_at,
        added as added_raw,
        updated as updated_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_node_id', 'nodeshot_node') }}
)

select * from flagged

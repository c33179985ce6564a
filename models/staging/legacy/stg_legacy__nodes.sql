-- legacy nodeshot_node, typed: coordinates as doubles, naive datetimes read
-- in the legacy time zone, the owner email normalised for identity (E.8).
with source as (
    select * from {{ source('legacy', 'nodeshot_node') }}
),

typed as (
    select
        id as legacy_node_id,
        name,
        slug,
        owner,
        description,
        coalesce(postal_code, '') as postal_code,
        btrim(coalesce(email, '')) as email,
        lower(btrim(coalesce(email, ''))) as email_key,
        {{ safe_double('lat') }} as lat,
        {{ safe_double('lng') }} as lng,
        {{ safe_double('alt') }} as alt,
        lat as lat_raw,
        lng as lng_raw,
        alt as alt_raw,
        btrim(coalesce(status, '')) as status,
        notes,
        {{ legacy_timestamp('added') }} as added_at,
        {{ legacy_timestamp('updated') }} as updated_at,
        added as added_raw,
        updated as updated_raw
    from source
)

select * from typed

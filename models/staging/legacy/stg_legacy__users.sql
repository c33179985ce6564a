-- legacy auth_user, typed. Booleans keep their raw text for the reject reason.
with source as (
    select * from {{ source('legacy', 'auth_user') }}
),

typed as (
    select
        id as legacy_user_id,
        username,
        coalesce({{ legacy_text('first_name') }}, '') as first_name,
        coalesce({{ legacy_text('last_name') }}, '') as last_name,
        coalesce(email, '') as email,
        lower(btrim(coalesce(email, ''))) as email_key,
        password,
        {{ safe_bool('is_staff') }} as is_staff,
        {{ safe_bool('is_active') }} as is_active,
        {{ safe_bool('is_superuser') }} as is_superuser,
        is_staff as is_staff_raw,
        is_active as is_active_raw,
        is_superuser as is_superuser_raw,
        {{ legacy_timestamp('date_joined') }} as date_joined_at,
        date_joined as date_joined_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    {{ flag_invalid_text('typed', 'legacy_user_id', 'auth_user') }}
)

select * from flagged

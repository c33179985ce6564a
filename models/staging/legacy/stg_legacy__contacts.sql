with source as (
    select * from {{ source('legacy', 'nodeshot_contact') }}
),

invalid_text as (
    {{ invalid_text_rows('nodeshot_contact') }}
),

typed as (
    select
        id as legacy_contact_id,
        {{ safe_bigint('node_id') }} as legacy_node_id,
        node_id as node_id_raw,
        {{ legacy_text('from_name') }} as from_name,
        btrim(from_email) as from_email,
        lower(btrim(coalesce(from_email, ''))) as from_email_key,
        {{ legacy_text('message') }} as message,
        btrim(ip) as ip_raw,
        {{ safe_inet('ip') }} as ip,
        coalesce(user_agent, '') as user_agent,
        coalesce(accept_language, '') as accept_language,
        {{ legacy_timestamp('date') }} as sent_at,
        date as sent_raw
    from source
),

-- text that is not UTF-8 rejects the row (bad-inputs 21)
flagged as (
    select
        typed.*,
        invalid_text.invalid_text
    from typed
    left join invalid_text
        on typed.legacy_contact_id = invalid_text.invalid_legacy_id
)

select * from flagged

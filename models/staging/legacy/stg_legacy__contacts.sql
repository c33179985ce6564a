with source as (
    select * from {{ source('legacy', 'nodeshot_contact') }}
),

typed as (
    select
        id as legacy_contact_id,
        {{ safe_bigint('node_id') }} as legacy_node_id,
        node_id as node_id_raw,
        {{ legacy_text('from_name') }} as from_name,
        btrim(from_email) as from_email,
        from_email as from_email_raw,
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
    {{ flag_invalid_text('typed', 'legacy_contact_id', 'nodeshot_contact') }}
)

select * from flagged

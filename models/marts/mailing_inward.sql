-- mailing_inward rows (B.12 rules 63-67) keyed by the legacy contact id:
-- the log of "contact the node owner" messages, status 1 (sent, so nothing
-- is mailed), content type (nodes, node), object_id = the node, added =
-- updated = the legacy date, user = the profile with the sender's email
-- (normalised, E.8), NULL when none. http_referer has no column and is
-- dropped, as in the reference. Rows are the importer's own: a re-run
-- rewrites them.
with contacts as (
    select * from {{ ref('int_contacts_validated') }}
    where reject_rule is null
),

final as (
    select
        legacy_contact_id::integer as id,
        sent_at as added,
        sent_at as updated,
        1 as status,
        legacy_node_id::integer as object_id,
        from_name::varchar as from_name,
        from_email::varchar as from_email,
        message::text as message,
        ip::inet as ip,
        user_agent::varchar as user_agent,
        accept_language::varchar as accept_language,
        content_type_id::integer as content_type_id,
        user_id::integer as user_id
    from contacts
)

select * from final

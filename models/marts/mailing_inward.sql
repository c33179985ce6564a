-- mailing_inward rows (B.12 rules 63-67) keyed by the legacy contact id:
-- the log of "contact the node owner" messages, status 1 (sent, so nothing
-- is mailed), content type (nodes, node), object_id = the node, added =
-- updated = the legacy date (else the time of the first run), user = the profile with the sender's email
-- (normalised, E.8), NULL when none. http_referer has no column and is
-- dropped, as in the reference. Rows are the importer's own: a re-run
-- rewrites them.
with contacts as (
    select * from {{ ref('int_contacts_validated') }}
    where reject_rule is null
),

existing as (
    select * from {{ ref('stg_app__inward_messages') }}
),

final as (
    select
        contacts.legacy_contact_id::integer as id,
        -- no readable legacy date: the time of the first run, kept by the next ones
        case when contacts.is_date_missing and existing.id is not null then existing.added else contacts.sent_at end
            as added,
        case when contacts.is_date_missing and existing.id is not null then existing.updated else contacts.sent_at end
            as updated,
        1 as status,
        contacts.legacy_node_id::integer as object_id,
        contacts.from_name::varchar as from_name,
        contacts.from_email::varchar as from_email,
        contacts.message::text as message,
        contacts.ip::inet as ip,
        contacts.user_agent::varchar as user_agent,
        contacts.accept_language::varchar as accept_language,
        contacts.content_type_id::integer as content_type_id,
        contacts.user_id::integer as user_id
    from contacts
    left join existing
        on contacts.legacy_contact_id = existing.id
)

select * from final

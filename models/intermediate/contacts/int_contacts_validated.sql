-- B.12 rules 63-66: every legacy contact ("contact the node owner" log)
-- with the first rule that stops it (reject_rule; null = it becomes a
-- mailing_inward row) and the profile it came from, matched by the
-- normalised email (lower(btrim()), E.8) among the site's profiles and the
-- ones this run creates.
--   * E.21 fixed: a contact of a node that does not migrate (unconfirmed,
--     discarded, rejected) is rejected as node_not_migrated instead of
--     pointing at a node that does not exist; orphan_contact when the legacy
--     node does not exist at all;
--   * id_taken: an inward message of the target site (not created by an
--     earlier run) holds the legacy id; it is never overwritten;
--   * rule 66 validation as Inward does it: a sender name and email (when no
--     profile matched), name <= 50, email valid and <= 50, message 15-2000
--     characters, ip a valid address, user agent and accept-language <= 255.
with contacts as (
    select * from {{ ref('stg_legacy__contacts') }}
),

nodes as (
    select
        legacy_node_id,
        name,
        reject_rule
    from {{ ref('int_nodes_validated') }}
),

content_types as (
    select content_type_id
    from {{ ref('stg_app__content_types') }}
    where app_label = 'nodes' and model = 'node'
),

-- the profiles_profile rows this run writes, from the table the mart reads
-- (the mart's email is the legacy one, whose key is email_key)
migrated_profiles as (
    select
        profile_id as id,
        email_key,
        btrim(first_name || ' ' || last_name) as full_name
    from {{ ref('int_users_unified') }}
    where user_kind <> 'site_profile'
),

site_profiles as (
    select
        id,
        email_key,
        btrim(first_name || ' ' || last_name) as full_name
    from {{ ref('stg_app__profiles') }}
    where id not in (select migrated_profiles.id from migrated_profiles)
),

profiles as (
    select * from migrated_profiles
    union all
    select * from site_profiles
),

-- one profile per email, even if two site profiles differ only in case:
-- an existing one before one this run creates, then the lowest id (a hash
-- join; a lateral lookup per contact took 178 s at S2)
senders as (
    select distinct on (email_key)
        email_key,
        id,
        full_name
    from profiles
    where email_key <> ''
    order by email_key asc, id < 0 asc, abs(id) asc
),

site_messages as (
    select id from {{ ref('stg_app__inward_messages') }}
),

owned_messages as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'mailing_inward'
),

matched as (
    select
        contacts.*,
        nodes.legacy_node_id as found_node_id,
        nodes.reject_rule as node_reject_rule,
        content_types.content_type_id,
        site_messages.id is not null and owned_messages.row_id is null as is_id_taken,
        sender.id as user_id,
        sender.full_name as user_full_name
    from contacts
    left join nodes
        on contacts.legacy_node_id = nodes.legacy_node_id
    left join content_types on true
    left join site_messages
        on contacts.legacy_contact_id = site_messages.id
    left join owned_messages
        on contacts.legacy_contact_id = owned_messages.row_id
    left join senders as sender
        on contacts.from_email_key = sender.email_key
),

final as (
    select
        legacy_contact_id,
        invalid_text,
        legacy_node_id,
        node_id_raw,
        node_reject_rule,
        content_type_id,
        user_id,
        case
            when coalesce(btrim(from_name), '') = '' and user_id is not null then coalesce(user_full_name, '')
            else coalesce(from_name, '')
        end as from_name,
        coalesce(btrim(from_name), '') = '' and user_id is not null as is_from_name_from_profile,
        coalesce(from_email, '') as from_email,
        from_email_raw,
        coalesce(message, '') as message,
        ip_raw,
        ip,
        user_agent,
        accept_language,
        sent_at is null as is_date_missing,
        coalesce(sent_at, now()) as sent_at,
        sent_raw,
        case
            when legacy_contact_id not between 0 and 2147483647 then 'id_out_of_range'
            when invalid_text is not null then 'invalid_utf8'
            when found_node_id is null then 'orphan_contact'
            when node_reject_rule is not null then 'node_not_migrated'
            when is_id_taken then 'id_taken'
            when content_type_id is null then 'content_type_missing'
            when user_id is null and (coalesce(btrim(from_name), '') = '' or coalesce(from_email, '') = '')
                then 'missing_sender'
            when length(from_name) > 50 then 'from_name_too_long'
            when from_email <> '' and (not {{ is_email('from_email') }} or length(from_email) > 50)
                then 'invalid_from_email'
            when length(coalesce(message, '')) < 15 then 'message_too_short'
            when length(message) > 2000 then 'message_too_long'
            when coalesce(ip_raw, '') <> '' and ip is null then 'invalid_ip'
            when length(user_agent) > 255 or length(accept_language) > 255 then 'header_too_long'
        end as reject_rule
    from matched
)

select * from final

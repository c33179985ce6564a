-- B.3 and B.5 rules 14-17 and 20: one owner per normalised node email
-- (lower(btrim(email)), defect E.8), for emails that own at least one node
-- that migrates (defect E.7: no users for unconfirmed, discarded or rejected
-- nodes). The owner text, and the spelling of the email, come from the
-- email's lowest-id legacy node (rule 7); date_joined is the earliest `added`
-- of all legacy nodes with that email (rule 20).
--
-- Names (E.6 improved, documented in docs/deviations.md): the owner text is
-- trimmed and its whitespace collapsed; the first word is the first name and
-- the remaining words the last name, each capitalised (A.4). An empty owner
-- falls back to the email's local part with dots as spaces (rule 14).
-- The rules are the macros owner_name, owner_first_name, owner_last_name and
-- owner_username_base (macros/text.sql, tested in tests/macros).
with all_nodes as (
    select * from {{ ref('stg_legacy__nodes') }}
),

migrating_nodes as (
    select * from {{ ref('int_nodes_validated') }}
    where reject_rule is null
),

emails as (
    select
        all_nodes.email_key,
        min(all_nodes.legacy_node_id) as first_node_id,
        min(all_nodes.added_at) as date_joined_at,
        count(*) as legacy_node_count
    from all_nodes
    where all_nodes.email_key in (select migrating_nodes.email_key from migrating_nodes)
    group by all_nodes.email_key
),

owner_text as (
    select
        emails.email_key,
        emails.first_node_id,
        emails.legacy_node_count,
        coalesce(emails.date_joined_at, first_node.updated_at, now()) as date_joined_at,
        first_node.email,
        first_node.owner as legacy_owner,
        {{ owner_name('first_node.owner', 'first_node.email') }} as owner_name
    from emails
    inner join all_nodes as first_node
        on emails.first_node_id = first_node.legacy_node_id
),

final as (
    select
        email_key,
        email,
        first_node_id,
        legacy_node_count,
        date_joined_at,
        legacy_owner,
        owner_name,
        {{ owner_first_name('owner_name', max_length=none) }} as full_first_name,
        {{ owner_last_name('owner_name', max_length=none) }} as full_last_name,
        {{ owner_first_name('owner_name') }} as first_name,
        {{ owner_last_name('owner_name') }} as last_name,
        {{ owner_username_base('owner_name', 'email', 'first_node_id') }} as username_base
    from owner_text
)

select * from final

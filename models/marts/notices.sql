-- Legacy rows that DO migrate but were changed on the way by a documented
-- rule, so that nothing is changed silently: merged emails, renamed users,
-- truncated names, ambiguous layers, defaulted statuses and dates, new
-- slugs, admins landing on existing profiles or losing an unusable hash.
-- One row per (legacy row, rule).
-- A table, unlike the other marts: it reads only the build's own tables
-- (rules and legacy staging, never the application tables), so it cannot
-- go stale before the apply, and its data tests, the apply's snapshot and
-- the reconciliation read it once instead of re-deriving it each time
-- (bench S2: about 20 s of build work).
-- Logged, like rejects: the record users read after a run.
{{ config(materialized='table', unlogged=false, post_hook='analyze {{ this }}') }}

with nodes as (
    select * from {{ ref('int_nodes_validated') }}
    where reject_rule is null
),

owners as (
    select * from {{ ref('int_owners_from_node_emails') }}
),

usernames as (
    select * from {{ ref('int_usernames_allocated') }}
),

admins as (
    select * from {{ ref('int_admins_matched') }}
    where reject_rule is null
),

legacy_nodes as (
    select * from {{ ref('stg_legacy__nodes') }}
),

network_notices as (
    select * from {{ ref('int_network_notices') }}
),

text_notices as (
    select * from {{ ref('int_legacy_text_inspected') }}
),

-- NUL bytes the loader stripped (bad-inputs 22), whatever became of the row
nul_byte_notices as (
    select
        table_name as entity,
        legacy_id,
        'nul_bytes_stripped' as rule,
        format(
            '%s %s %s: %s NUL byte(s) (0x00) removed at load, PostgreSQL text cannot hold them; it now reads %s',
            table_name, legacy_id, column_name, nul_count, quote_literal(left(repaired, 80))
        ) as detail
    from {{ ref('stg_legacy__text_repairs') }}
    where problem = 'nul_bytes'
),

email_spellings as (
    select
        email_key,
        count(distinct email) as spelling_count,
        string_agg(distinct quote_literal(email), ', ') as spellings
    from legacy_nodes
    where email_key <> ''
    group by email_key
    having count(distinct email) > 1
),

node_notices as (
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'ambiguous_layer' as rule,
        format(
            'node %s %s is covered by layers %s; put in layer %s by the %s rule - add a row to seeds/layer_overrides.csv to choose',
            legacy_node_id, quote_literal(name), covering_layer_ids, layer_id, layer_rule
        ) as detail
    from nodes
    where layer_rule like 'ambiguous_%'
    union all
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'status_defaulted' as rule,
        format(
            'node %s %s: legacy status %s has no row of its own in seeds/status_mapping.csv, mapped to %s by the default row',
            legacy_node_id, quote_literal(name), quote_literal(legacy_status), quote_literal(status_slug)
        ) as detail
    from nodes
    where is_status_defaulted
    union all
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'slug_changed' as rule,
        format('node %s %s: legacy slug %s ', legacy_node_id, quote_literal(name), coalesce(quote_literal(legacy_slug), 'NULL'))
        || case
            when is_legacy_slug then 'is already the slug of another node'
            when slug = slug_candidate then 'is not a valid slug (letters, digits, - and _)'
            else format(
                'is not a valid slug (letters, digits, - and _), and slugify(name) %s is another node''s slug',
                quote_literal(slug_candidate)
            )
        end
        || format('; stored as %s', quote_literal(slug)) as detail
    from nodes
    where slug is distinct from legacy_slug
    union all
    select
        'nodeshot_node' as entity,
        nodes.legacy_node_id as legacy_id,
        'date_defaulted' as rule,
        format(
            'node %s %s: added %s / updated %s unreadable or ambiguous (e.g. a zero date, 03/04/2012); used %s / %s',
            nodes.legacy_node_id, quote_literal(nodes.name), coalesce(quote_literal(nodes.added_raw), 'NULL'),
            coalesce(quote_literal(nodes.updated_raw), 'NULL'), nodes.added_at, nodes.updated_at
        ) as detail
    from nodes
    inner join legacy_nodes
        on nodes.legacy_node_id = legacy_nodes.legacy_node_id
    where legacy_nodes.added_at is null or legacy_nodes.updated_at is null
    union all
    -- issue 16: an alt that is not a number (text in a SQLite column, NaN)
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'elev_unreadable' as rule,
        format(
            'node %s %s: alt %s is not a number; elev left empty (NULL)',
            legacy_node_id, quote_literal(name), quote_literal(alt_raw)
        ) as detail
    from nodes
    where alt_raw is not null and elev is null
    union all
    -- bad-inputs 2: a hint only, the node keeps its coordinates
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'probably_swapped' as rule,
        format(
            'node %s %s: lat %s / lng %s is in no layer area, but (lat %s, lng %s) would be inside layer %s;'
            || ' migrated as it is into layer %s - swap lat and lng in the legacy row if they are swapped',
            legacy_node_id, quote_literal(name), lat, lng, lng, lat, swapped_layer_ids, layer_id
        ) as detail
    from nodes
    where swapped_layer_ids is not null
    union all
    -- bad-inputs 9: nodeshot 1.x keeps one owner per node
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        'extra_emails_ignored' as rule,
        format(
            'node %s %s: email2 %s / email3 %s are not migrated (a nodeshot 1.x node has one owner, %s)'
            || ' - add them to the node by hand if they matter',
            legacy_node_id, quote_literal(name), coalesce(quote_literal(email2), 'NULL'),
            coalesce(quote_literal(email3), 'NULL'), quote_literal(email)
        ) as detail
    from nodes
    where email2 is not null or email3 is not null
),

owner_notices as (
    select
        'nodeshot_node' as entity,
        owners.first_node_id as legacy_id,
        'emails_merged' as rule,
        format(
            'emails %s differ only in case or spaces and became one user %s',
            email_spellings.spellings, quote_literal(owners.email)
        ) as detail
    from owners
    inner join email_spellings
        on owners.email_key = email_spellings.email_key
    union all
    select
        'nodeshot_node' as entity,
        owners.first_node_id as legacy_id,
        'username_renamed' as rule,
        format(
            'owner %s <%s>: username %s was taken, the user is %s',
            quote_literal(owners.owner_name), owners.email, quote_literal(usernames.username_base),
            quote_literal(usernames.username)
        ) as detail
    from owners
    inner join usernames
        on owners.email_key = usernames.email_key
    where usernames.is_renamed
    union all
    select
        'nodeshot_node' as entity,
        first_node_id as legacy_id,
        'name_truncated' as rule,
        format(
            'owner %s: first/last name cut to 30 characters (%s / %s)',
            quote_literal(owner_name), quote_literal(first_name), quote_literal(last_name)
        ) as detail
    from owners
    where first_name <> full_first_name or last_name <> full_last_name
    union all
    -- issue 16: the owner's profile takes the first node's email without
    -- the spaces around it (an address cannot hold them)
    select
        'nodeshot_node' as entity,
        owners.first_node_id as legacy_id,
        'email_trimmed' as rule,
        format(
            'node %s: owner email %s has spaces around it, which an address cannot hold; stored as %s',
            owners.first_node_id, quote_literal(first_node.email_raw), quote_literal(owners.email)
        ) as detail
    from owners
    inner join legacy_nodes as first_node
        on owners.first_node_id = first_node.legacy_node_id
    where first_node.email_raw <> owners.email
),

admin_notices as (
    select
        'auth_user' as entity,
        legacy_user_id as legacy_id,
        'admin_merged' as rule,
        format(
            'admin %s landed on the profile %s the site created (same username or email): linked, not rewritten',
            quote_literal(username), existing_profile_id
        ) as detail
    from admins
    where is_merged_into_site_profile
    union all
    select
        'auth_user' as entity,
        legacy_user_id as legacy_id,
        'password_unusable' as rule,
        format(
            'admin %s: the legacy password is %s, not a hash Django can verify;'
            || ' the profile gets an unusable password - use password reset',
            quote_literal(username), {{ password_shape('password') }}
        ) as detail
    from admins
    where not is_password_usable and password_kind <> 'weak'
    union all
    -- issue 19: a weak hash never becomes a working password of staff
    select
        'auth_user' as entity,
        legacy_user_id as legacy_id,
        'weak_password_hash' as rule,
        format(
            'admin %s is staff or superuser and the legacy password is %s, too weak for that (only pbkdf2'
            || ' or bcrypt are kept); the profile gets an unusable password - use password reset',
            quote_literal(username), {{ password_shape('password') }}
        ) as detail
    from admins
    where not is_password_usable and password_kind = 'weak'
    union all
    -- issue 16: an admin who owns nodes is one profile, and B.5 (rules
    -- 19-20) gives it the owner's email spelling, names and date_joined,
    -- as the reference importer does; the admin's own values are named here
    select
        'auth_user' as entity,
        admins.legacy_user_id as legacy_id,
        'admin_owns_nodes' as rule,
        format(
            'admin %s owns nodes (first node %s): as the reference importer does (B.5), its profile takes the'
            || ' owner''s email %s, first / last name %s / %s and date_joined %s (the earliest node added);'
            || ' the admin had %s, %s / %s and %s',
            quote_literal(admins.username), owners.first_node_id, quote_literal(owners.email),
            quote_literal(owners.first_name), quote_literal(owners.last_name), owners.date_joined_at,
            quote_literal(admins.email), quote_literal(admins.first_name), quote_literal(admins.last_name),
            admins.date_joined_at
        ) as detail
    from admins
    inner join owners
        on admins.email_key = owners.email_key and admins.email_key <> ''
    where
        not admins.is_merged_into_site_profile
        and (admins.email, admins.first_name, admins.last_name, admins.date_joined_at)
        is distinct from (owners.email, owners.first_name, owners.last_name, owners.date_joined_at)
),

final as (
    select * from node_notices
    union all
    select * from owner_notices
    union all
    select * from admin_notices
    union all
    select * from network_notices
    union all
    select
        entity,
        legacy_id,
        rule,
        detail
    from text_notices
    union all
    select * from nul_byte_notices
)

select
    entity::text as entity,
    legacy_id::bigint as legacy_id,
    rule::text as rule,
    detail::text as detail
from final

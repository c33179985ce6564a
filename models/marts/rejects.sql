-- Every legacy row that will not be migrated, with the rule that stopped it
-- and a sentence saying what to change. One row per legacy row.
with nodes as (
    select * from {{ ref('int_nodes_validated') }}
    where reject_rule is not null
),

admins as (
    select * from {{ ref('int_admins_matched') }}
    where reject_rule is not null
),

node_rejects as (
    select
        'nodeshot_node' as entity,
        legacy_node_id as legacy_id,
        reject_rule as rule,
        format('node %s %s: ', legacy_node_id, coalesce(quote_literal(name), '(no name)'))
        || case reject_rule
            when 'unconfirmed' then
                'status u (unconfirmed): the owner never activated it, so it is not migrated (B.6 rule 26)'
            when 'no_coordinates' then format(
                'lat %s / lng %s is not a number - fix the legacy row',
                coalesce(quote_literal(lat_raw), 'NULL'), coalesce(quote_literal(lng_raw), 'NULL')
            )
            when 'coordinates_out_of_range' then format(
                'lat %s / lng %s out of range (lat -90..90, lng -180..180) - fix the legacy row', lat, lng
            )
            when 'missing_name' then 'the name is empty - give the legacy node a name'
            when 'name_too_long' then format(
                'the name has %s characters, nodes_node.name takes 75 - shorten it in the legacy row',
                length(name)
            )
            when 'missing_email' then 'the owner email is empty - set the legacy node email'
            when 'invalid_email' then format(
                'owner email %s is not a valid address - fix the legacy node email', quote_literal(email)
            )
            when 'status_not_mapped' then format(
                'legacy status %s has no row in seeds/status_mapping.csv and no default row maps it to an existing nodes_status slug',
                quote_literal(legacy_status)
            )
            when 'no_layer' then
                'in no layer area and no default layer is set - pass --default-layer or add a row to seeds/layer_overrides.csv'
            when 'default_layer_missing' then
                'in no layer area and the default layer does not exist in layers_layer - pass an existing --default-layer'
            when 'outside_layer_area' then
                'in no layer area, and the default layer is a polygon that does not contain it (Node.clean() would refuse it) - add a row to seeds/layer_overrides.csv or use a default layer with a point area'
            when 'ambiguous_layer' then format(
                'covered by layers %s - add a row to seeds/layer_overrides.csv or choose another --ambiguous-layer policy',
                covering_layer_ids
            )
            when 'duplicate_name' then
                'another legacy node with a lower id has the same name (nodes_node.name is unique) - rename one of them'
            when 'name_taken' then
                'a node of the target site already has this name - rename the legacy node or the site node'
            else reject_rule
        end as detail
    from nodes
),

admin_rejects as (
    select
        'auth_user' as entity,
        legacy_user_id as legacy_id,
        reject_rule as rule,
        format('admin %s %s: ', legacy_user_id, coalesce(quote_literal(username), '(no username)'))
        || case reject_rule
            when 'invalid_username' then
                'the username has characters Django refuses (allowed: letters, digits and @.+-_) - rename it in the legacy auth_user'
            when 'username_too_long' then 'the username is longer than 254 characters'
            when 'invalid_boolean' then 'is_staff, is_active or is_superuser is neither 0 nor 1 - fix the legacy row'
            when 'invalid_date_joined' then 'date_joined is not a valid date - fix the legacy row'
            when 'invalid_email' then format('email %s is not a valid address - fix the legacy row', quote_literal(email))
            when 'name_too_long' then 'first or last name longer than 30 characters - shorten it in the legacy row'
            when 'duplicate_admin_email' then format(
                'another legacy admin with a lower id has the same email %s (profiles_profile.email is unique) - change one of them',
                quote_literal(email)
            )
            when 'ambiguous_admin_match' then
                'its username and its email belong to two different profiles of the target site - merge or rename them first'
            else reject_rule
        end as detail
    from admins
),

unioned as (
    select * from node_rejects
    union all
    select * from admin_rejects
)

select
    entity::text as entity,
    legacy_id::bigint as legacy_id,
    rule::text as rule,
    detail::text as detail
from unioned

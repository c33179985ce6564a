-- B.6 rules 26-36: every legacy node with the first rule that stops it
-- (reject_rule, null when it migrates), its layer, status, name and slug.
-- The owner (B.5) is attached later, in int_nodes_with_owners.
with nodes as (
    select * from {{ ref('stg_legacy__nodes') }}
),

layers as (
    select * from {{ ref('int_nodes_assigned_to_layers') }}
),

status_mapping as (
    select * from {{ ref('status_mapping') }}
),

statuses as (
    select * from {{ ref('stg_app__statuses') }}
),

owned_nodes as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'nodes_node'
),

vanished_nodes as (
    select row_id from {{ ref('int_rows_vanished') }}
    where table_name = 'nodes_node'
),

-- Target nodes, without the importer's own nodes that this run deletes
-- (their names and slugs are free again).
existing_nodes as (
    select
        app_nodes.id,
        app_nodes.name,
        app_nodes.slug,
        owned_nodes.row_id is not null as is_owned
    from {{ ref('stg_app__nodes') }} as app_nodes
    left join owned_nodes
        on app_nodes.id = owned_nodes.row_id
    where app_nodes.id not in (select vanished_nodes.row_id from vanished_nodes)
),

mapped as (
    select
        nodes.*,
        layers.geometry,
        layers.layer_id,
        layers.layer_rule,
        layers.covering_layer_count,
        layers.covering_layer_ids,
        layers.reject_rule as layer_reject_rule,
        coalesce(direct_status.status_slug, default_status.status_slug) as status_slug,
        direct_status.status_slug is null as is_status_defaulted
    from nodes
    left join layers
        on nodes.legacy_node_id = layers.legacy_node_id
    left join status_mapping as direct_status
        on nodes.status = direct_status.legacy_status and direct_status.legacy_status <> 'default'
    left join status_mapping as default_status
        on default_status.legacy_status = 'default'
),

checked as (
    select
        mapped.*,
        statuses.status_id,
        {{ squish('mapped.name') }} as clean_name,
        case
            when mapped.status = 'u' then 'unconfirmed'
            when same_id.id is not null and not same_id.is_owned then 'id_taken'
            when mapped.lat is null or mapped.lng is null then 'no_coordinates'
            when
                mapped.lat not between -90 and 90 or mapped.lng not between -180 and 180
                then 'coordinates_out_of_range'
            when coalesce({{ squish('mapped.name') }}, '') = '' then 'missing_name'
            when length({{ squish('mapped.name') }}) > 75 then 'name_too_long'
            when mapped.email_key = '' then 'missing_email'
            when not {{ is_email('mapped.email') }} then 'invalid_email'
            when statuses.status_id is null then 'status_not_mapped'
            when mapped.layer_reject_rule is not null then mapped.layer_reject_rule
        end as first_reject_rule
    from mapped
    left join statuses
        on mapped.status_slug = statuses.slug
    left join existing_nodes as same_id
        on mapped.legacy_node_id = same_id.id
),

named as (
    select
        checked.*,
        case
            when checked.first_reject_rule is null
                then row_number() over (
                    partition by checked.first_reject_rule is null, checked.clean_name
                    order by checked.legacy_node_id
                )
        end as name_rank,
        existing_names.id as name_holder_id
    from checked
    left join existing_nodes as existing_names
        on
            checked.clean_name = existing_names.name
            and checked.legacy_node_id <> existing_names.id
),

slug_candidates as (
    select
        named.*,
        case
            when
                named.slug ~ '^[-a-zA-Z0-9_]+$' and length(named.slug) <= 75
                then named.slug
            when {{ slugify('named.clean_name') }} <> ''
                then left({{ slugify('named.clean_name') }}, 60)
            else 'node-' || named.legacy_node_id
        end as slug_candidate,
        coalesce(
            named.first_reject_rule,
            case
                when named.name_rank > 1 then 'duplicate_name'
                when named.name_holder_id is not null then 'name_taken'
            end
        ) as reject_rule
    from named
),

slugged as (
    select
        slug_candidates.*,
        case
            when slug_candidates.reject_rule is null
                then row_number() over (
                    partition by slug_candidates.reject_rule is null, slug_candidates.slug_candidate
                    order by slug_candidates.legacy_node_id
                )
        end as slug_rank,
        existing_slugs.id as slug_holder_id
    from slug_candidates
    left join existing_nodes as existing_slugs
        on
            slug_candidates.slug_candidate = existing_slugs.slug
            and slug_candidates.legacy_node_id <> existing_slugs.id
),

final as (
    select
        legacy_node_id,
        clean_name as name,
        slug as legacy_slug,
        case
            when slug_rank > 1 or slug_holder_id is not null
                then slug_candidate || '-' || legacy_node_id
            else slug_candidate
        end as slug,
        owner,
        email,
        email_key,
        lat,
        lng,
        lat_raw,
        lng_raw,
        alt as elev,
        geometry,
        description,
        notes,
        postal_code,
        status as legacy_status,
        status_slug,
        status_id,
        is_status_defaulted,
        layer_id,
        layer_rule,
        covering_layer_count,
        covering_layer_ids,
        coalesce(added_at, updated_at, now()) as added_at,
        coalesce(updated_at, added_at, now()) as updated_at,
        added_raw,
        updated_raw,
        reject_rule
    from slugged
)

select * from final

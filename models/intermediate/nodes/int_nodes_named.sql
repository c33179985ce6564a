{{ config(indexes=[{'columns': ['geography'], 'type': 'gist'}]) }}
-- B.6 rules 26-34, the first part of int_nodes_validated: every legacy node
-- with its layer, status, slug candidate and the first rule that stops it
-- (name_reject_rule). The name is written as typed (issue 16): trimming or
-- collapsing its spaces changed it silently, and made a clean node lose its
-- name to a lower-id node that only became equal to it once squished. A
-- name of nothing but whitespace is missing_name.
-- A table with a GiST index on the node's geography, so that the
-- minimum-distance check (bad-inputs 6) in int_nodes_validated is an index
-- lookup per node, not a scan of all nodes.
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

existing_nodes as (
    select * from {{ ref('int_target_nodes') }}
),

-- Materialized: read several times below, and an inlined CTE would join
-- the layers and statuses again at each reading.
mapped as materialized (
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
        case
            when mapped.legacy_node_id not between 0 and 2147483647 then 'id_out_of_range'
            when mapped.invalid_text is not null then 'invalid_utf8'
            when mapped.status = 'u' then 'unconfirmed'
            when same_id.id is not null and not same_id.is_owned then 'id_taken'
            when mapped.lat is null or mapped.lng is null then 'no_coordinates'
            when mapped.lat = 0 and mapped.lng = 0 then 'no_coordinates'
            when
                mapped.lat not between -90 and 90 or mapped.lng not between -180 and 180
                then 'coordinates_out_of_range'
            when coalesce({{ squish('mapped.name') }}, '') = '' then 'missing_name'
            when length(mapped.name) > 75 then 'name_too_long'
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
                    partition by checked.first_reject_rule is null, checked.name
                    order by checked.legacy_node_id
                )
        end as name_rank,
        existing_names.id as name_holder_id
    from checked
    left join existing_nodes as existing_names
        on
            checked.name = existing_names.name
            and checked.legacy_node_id <> existing_names.id
),

slug_candidates as (
    select
        named.*,
        case
            when
                named.slug ~ '^[-a-zA-Z0-9_]+$' and length(named.slug) <= 75
                then named.slug
            -- the name's slug if it has one, else node-<id>; slugify once
            else coalesce(nullif(left({{ slugify('named.name') }}, 60), ''), 'node-' || named.legacy_node_id)
        end as slug_candidate,
        -- a valid legacy slug (old URLs, E.12) wins over a computed one
        coalesce(named.slug ~ '^[-a-zA-Z0-9_]+$' and length(named.slug) <= 75, false) as is_legacy_slug,
        coalesce(
            named.first_reject_rule,
            case
                when named.name_rank > 1 then 'duplicate_name'
                when named.name_holder_id is not null then 'name_taken'
            end
        ) as name_reject_rule
    from named
)

select
    slug_candidates.*,
    slug_candidates.geometry::geography as geography
from slug_candidates

-- B.6 rules 26-36: every legacy node with the first rule that stops it
-- (reject_rule, null when it migrates), its layer, status, name and slug.
-- Rules 26-34 are decided in int_nodes_named; the owner (B.5) is attached
-- in int_nodes_migrating.
-- Dirty coordinates (bad-inputs 1, 2, 6): 0/0 is the placeholder of a node
-- that never had a position (no_coordinates); a node in no layer area whose
-- swapped lat/lng would fall inside a polygon layer carries the layers in
-- swapped_layer_ids (a hint in the notice or reject detail, never an
-- automatic swap); a node closer than its layer's nodes_minimum_distance to
-- a lower-id legacy node or a site node is rejected as too_close
-- (Node.clean(): ST_DWithin on geography; a distance of 0 checks nothing).
with slug_candidates as (
    select * from {{ ref('int_nodes_named') }}
),

app_layers as (
    select * from {{ ref('stg_app__layers') }}
),

existing_nodes as (
    select * from {{ ref('int_target_nodes') }}
),

-- bad-inputs 6: the nodes (lower-id legacy nodes that pass every other
-- rule, and site nodes) within the minimum distance of the node's layer
near_nodes as (
    select
        candidate.legacy_node_id,
        other.legacy_node_id as near_node_id,
        false as is_site_node,
        app_layers.nodes_minimum_distance as minimum_distance,
        st_distance(candidate.geography, other.geography) as distance_m
    -- the tables, not the CTEs: a CTE read twice is materialised, without
    -- the GiST index that makes this an index lookup per node
    from {{ ref('int_nodes_named') }} as candidate
    inner join app_layers
        on candidate.layer_id = app_layers.layer_id
    inner join {{ ref('int_nodes_named') }} as other
        on
            other.name_reject_rule is null
            and other.legacy_node_id < candidate.legacy_node_id
            and st_dwithin(candidate.geography, other.geography, app_layers.nodes_minimum_distance)
    where candidate.name_reject_rule is null and app_layers.nodes_minimum_distance > 0
    union all
    select
        candidate.legacy_node_id,
        site_nodes.id as near_node_id,
        true as is_site_node,
        app_layers.nodes_minimum_distance as minimum_distance,
        st_distance(candidate.geography, site_nodes.geography) as distance_m
    from {{ ref('int_nodes_named') }} as candidate
    inner join app_layers
        on candidate.layer_id = app_layers.layer_id
    inner join {{ ref('int_target_nodes') }} as site_nodes
        on
            not site_nodes.is_owned
            and site_nodes.id <> candidate.legacy_node_id
            and st_dwithin(candidate.geography, site_nodes.geography, app_layers.nodes_minimum_distance)
    where candidate.name_reject_rule is null and app_layers.nodes_minimum_distance > 0
),

nearest_nodes as (
    select distinct on (legacy_node_id)
        legacy_node_id,
        near_node_id,
        is_site_node,
        minimum_distance,
        distance_m
    from near_nodes
    order by legacy_node_id, distance_m, near_node_id
),

-- bad-inputs 2: polygon layers that would cover the node with lat and lng
-- swapped, for nodes in no layer area. Layer by layer, as
-- int_nodes_assigned_to_layers does: PostGIS prepares a polygon once for
-- the calls that follow with the same polygon; node by node, every call
-- read a new polygon (2.8 s at S2 instead of a few tenths).
swapped_points as materialized (
    select
        legacy_node_id,
        st_setsrid(st_makepoint(lat, lng), 4326) as swapped_point
    from slug_candidates
    where
        coalesce(covering_layer_count, 0) = 0
        and lat between -180 and 180
        and lng between -90 and 90
        and not (lat = 0 and lng = 0)
),

swapped as (
    select
        swapped_covers.legacy_node_id,
        string_agg(app_layers.layer_id::text, ', ' order by app_layers.layer_id) as swapped_layer_ids
    from app_layers
    cross join
        lateral (
            select swapped_points.legacy_node_id
            from swapped_points
            where st_covers(app_layers.area, swapped_points.swapped_point)
            offset 0  -- noqa: AM09
        ) as swapped_covers
    where app_layers.is_polygon
    group by swapped_covers.legacy_node_id
),

spaced as (
    select
        slug_candidates.*,
        nearest_nodes.near_node_id,
        nearest_nodes.is_site_node as is_near_site_node,
        nearest_nodes.minimum_distance,
        nearest_nodes.distance_m as near_distance_m,
        swapped.swapped_layer_ids,
        coalesce(
            slug_candidates.name_reject_rule,
            case when nearest_nodes.near_node_id is not null then 'too_close' end
        ) as reject_rule
    from slug_candidates
    left join nearest_nodes
        on slug_candidates.legacy_node_id = nearest_nodes.legacy_node_id
    left join swapped
        on slug_candidates.legacy_node_id = swapped.legacy_node_id
),

slugged as (
    select
        spaced.*,
        case
            when spaced.reject_rule is null
                then row_number() over (
                    partition by spaced.reject_rule is null, spaced.slug_candidate
                    order by spaced.is_legacy_slug desc, spaced.legacy_node_id asc
                )
        end as slug_rank,
        existing_slugs.id as slug_holder_id
    from spaced
    left join existing_nodes as existing_slugs
        on
            spaced.slug_candidate = existing_slugs.slug
            and spaced.legacy_node_id <> existing_slugs.id
),

final as (
    select
        legacy_node_id,
        name,
        slug as legacy_slug,
        is_legacy_slug,
        slug_candidate,
        case
            when slug_rank > 1 or slug_holder_id is not null
                -- cut before the suffix: a 70-75 character legacy slug
                -- stays within the target's varchar(75)
                then left(slug_candidate, 75 - length('-' || legacy_node_id)) || '-' || legacy_node_id
            else slug_candidate
        end as slug,
        owner,
        email,
        email_key,
        email2,
        email3,
        lat,
        lng,
        lat_raw,
        lng_raw,
        alt as elev,
        alt_raw,
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
        swapped_layer_ids,
        near_node_id,
        is_near_site_node,
        minimum_distance,
        near_distance_m,
        added_at is null and updated_at is null as is_date_run_time,
        coalesce(added_at, updated_at, now()) as added_at,
        coalesce(updated_at, added_at, now()) as updated_at,
        added_raw,
        updated_raw,
        invalid_text,
        reject_rule
    from slugged
)

select * from final

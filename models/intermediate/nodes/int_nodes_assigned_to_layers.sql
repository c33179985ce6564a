-- B.6 rule 31, with defect E.13 fixed: the layers whose area covers the node
-- point (ST_Covers: a point on a polygon's boundary counts), then
--   1. an override row in seeds/layer_overrides wins;
--   2. exactly one covering layer: that layer;
--   3. several: var ambiguous_layer_policy (default layer | smallest area |
--      reject), never a prompt;
--   4. none: the default layer, but only if its area is a point or covers
--      the node (a polygon default layer would refuse it in Node.clean());
--      no default layer: the node is discarded (reported).
with nodes as (
    select
        legacy_node_id,
        st_setsrid(st_makepoint(lng, lat), 4326) as geometry
    from {{ ref('stg_legacy__nodes') }}
    where
        lat between -90 and 90
        and lng between -180 and 180
),

layers as (
    select * from {{ ref('stg_app__layers') }}
),

overrides as (
    select * from {{ ref('layer_overrides') }}
),

-- Layers outer, one pass over the nodes per layer: PostGIS then reuses the
-- prepared (indexed) polygon for every node of that pass. With the nodes
-- outer (the planner's choice on its row estimates) each call gets another
-- polygon and pays the full point-in-polygon test: 17 s instead of ~2 s at
-- 200,000 nodes and 49 polygons of 200-800 vertices (docs/benchmark.md).
-- The lateral subquery with OFFSET 0 (a planner fence that keeps every
-- row, hence the noqa) only fixes that join order.
covering as (
    select
        covered.legacy_node_id,
        layers.layer_id,
        layers.area_m2
    from layers
    cross join lateral (
        select nodes.legacy_node_id
        from nodes
        where st_covers(layers.area, nodes.geometry)
        offset 0  -- noqa: AM09
    ) as covered
),

covering_summary as (
    select
        legacy_node_id,
        count(*) as covering_layer_count,
        (array_agg(layer_id order by area_m2 nulls last, layer_id))[1] as smallest_layer_id,
        string_agg(layer_id::text, ', ' order by layer_id) as covering_layer_ids
    from covering
    group by legacy_node_id
),

default_layer as (
    select
        layer_id,
        area,
        is_polygon
    from layers
    where layer_id = {{ default_layer() }}
),

decided as (
    select
        nodes.legacy_node_id,
        nodes.geometry,
        coalesce(covering_summary.covering_layer_count, 0) as covering_layer_count,
        covering_summary.covering_layer_ids,
        overrides.layer_id as override_layer_id,
        case
            when overrides.layer_id is not null then 'override'
            when covering_summary.covering_layer_count = 1 then 'covered'
            when covering_summary.covering_layer_count > 1 then 'ambiguous_' || {{ ambiguous_layer_policy() }}
            else 'default'
        end as layer_rule,
        case
            when overrides.layer_id is not null then overrides.layer_id
            when covering_summary.covering_layer_count = 1 then covering_summary.smallest_layer_id
            when
                covering_summary.covering_layer_count > 1 and {{ ambiguous_layer_policy() }} = 'smallest'
                then covering_summary.smallest_layer_id
        end as covering_layer_id
    from nodes
    left join covering_summary
        on nodes.legacy_node_id = covering_summary.legacy_node_id
    left join overrides
        on nodes.legacy_node_id = overrides.legacy_node_id
),

chosen as (
    select
        decided.legacy_node_id,
        decided.geometry,
        decided.covering_layer_count,
        decided.covering_layer_ids,
        decided.layer_rule,
        coalesce(decided.covering_layer_id, default_layer.layer_id) as candidate_layer_id,
        case
            when decided.covering_layer_id is not null then null
            when decided.layer_rule = 'ambiguous_reject' then 'ambiguous_layer'
            when {{ default_layer() }} is null then 'no_layer'
            when default_layer.layer_id is null then 'default_layer_missing'
            when
                default_layer.is_polygon and not st_covers(default_layer.area, decided.geometry)
                then 'outside_layer_area'
        end as reject_rule
    from decided
    left join default_layer on true
),

-- a node that is refused has no layer (outside_layer_area, ambiguous_layer)
final as (
    select
        legacy_node_id,
        geometry,
        covering_layer_count,
        covering_layer_ids,
        layer_rule,
        case when reject_rule is null then candidate_layer_id end as layer_id,
        reject_rule
    from chosen
)

select * from final

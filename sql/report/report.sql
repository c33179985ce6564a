-- The data of the HTML report (nodeshot_migrate/report.py), one JSON text
-- value per section, built entirely here: no legacy row passes through
-- Python, which only copies each value into the file. Every value has its
-- '<' written as \u003c (valid JSON, and no '</script>' or '<!--' can end
-- or disturb the <script type="application/json"> element that holds it).
-- Sections are separated by "-- section: <name> (<relation>, ...)": the
-- report runs a section only when the relations it names exist (purge
-- drops the build's tables; a failed build may not have made them).
-- The parameter rows_per_group caps the rows listed per reject/notice group.
-- Coordinates are rounded to 6 decimals (about 0.1 m) by ST_AsGeoJSON.

-- section: reconciliation (migration.reconciliation)
select replace(coalesce(json_agg(json_build_array(
    rec.entity, rec.legacy_rows, rec.migrated, rec.merged, rec.rejected, rec.not_migrated, rec.not_migrated_reason
) order by rec.entity_order), '[]')::text, '<', '\u003c') as section
from migration.reconciliation as rec;

-- section: rejects (migration.rejects)
-- grouped by entity and rule: sql/report/grouped.sql

-- section: notices (migration.notices)
-- grouped by entity and rule: sql/report/grouped.sql

-- section: runs (migration.runs)
-- The last 50 committed runs, newest first: totals, and the tables each
-- one changed as [table, inserted, updated, deleted].
select replace(coalesce(json_agg(json_build_array(
    recent.run_id, recent.started_at, recent.finished_at, recent.outcome, recent.legacy_timezone,
    recent.inserted, recent.updated, recent.deleted, recent.tables
) order by recent.run_id desc), '[]')::text, '<', '\u003c') as section
from (
    select
        runs.run_id,
        runs.started_at,
        runs.finished_at,
        runs.outcome,
        runs.legacy_timezone,
        coalesce(sum((per_table.value ->> 'inserted')::bigint), 0) as inserted,
        coalesce(sum((per_table.value ->> 'updated')::bigint), 0) as updated,
        coalesce(sum((per_table.value ->> 'deleted')::bigint), 0) as deleted,
        coalesce(json_agg(json_build_array(
            per_table.key,
            (per_table.value ->> 'inserted')::bigint,
            (per_table.value ->> 'updated')::bigint,
            (per_table.value ->> 'deleted')::bigint
        ) order by per_table.key) filter (
            where (per_table.value ->> 'inserted')::bigint + (per_table.value ->> 'updated')::bigint
            + (per_table.value ->> 'deleted')::bigint > 0
        ), '[]') as tables
    from (select * from migration.runs order by run_id desc limit 50) as runs
    left join lateral jsonb_each(runs.counts) as per_table on true
    group by runs.run_id, runs.started_at, runs.finished_at, runs.outcome, runs.legacy_timezone
) as recent;

-- section: map_layers (public.layers_layer)
-- The site's layers: a GeoJSON FeatureCollection of their areas.
select replace(json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'geometry', st_asgeojson(layers.area, 6)::json,
        'properties', json_build_object('id', layers.id, 'name', layers.name)
    ) order by layers.id), '[]')
)::text, '<', '\u003c') as section
from public.layers_layer as layers
where layers.area is not null;

-- section: map_nodes (migration.nodes_node, migration_work.int_nodes_validated)
-- The nodes the run writes (the nodes_node mart), one GeoJSON MultiPoint
-- per class and layer, with the ids and names in the order of the points
-- (properties i and n): class c is "layer" (in the layer whose area covers
-- it, or an override), "default" (in no layer area: the default layer) or
-- "ambiguous" (covered by several layers). One feature per node would be
-- 110 bytes a node; this is about 45.
select replace(json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'geometry', st_asgeojson(grouped.points, 6)::json,
        'properties', json_build_object('c', grouped.node_class, 'l', grouped.layer_id, 'i', grouped.ids, 'n', grouped.names)
    ) order by grouped.node_class, grouped.layer_id), '[]')
)::text, '<', '\u003c') as section
from (
    select
        classified.node_class,
        classified.layer_id,
        st_collect(classified.geometry order by classified.id) as points,
        json_agg(classified.id order by classified.id) as ids,
        json_agg(classified.name order by classified.id) as names
    from (
        select
            nodes.id,
            nodes.name,
            nodes.layer_id,
            nodes.geometry,
            case
                when validated.layer_rule like 'ambiguous%%' then 'ambiguous'
                when validated.layer_rule = 'default' then 'default'
                else 'layer'
            end as node_class
        from migration.nodes_node as nodes
        left join migration_work.int_nodes_validated as validated
            on nodes.id = validated.legacy_node_id
        where nodes.geometry is not null
    ) as classified
    group by classified.node_class, classified.layer_id
) as grouped;

-- section: map_rejected (migration.rejects, migration_work.int_nodes_validated)
-- The rejected nodes that have a position, one MultiPoint per rule, with
-- ids, names and the reject's detail (property d) in the order of the
-- points. Nodes without one (no_coordinates: the 0/0 placeholder or text
-- that is not a number; coordinates_out_of_range) are counted in m.
select replace(json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'geometry', st_asgeojson(grouped.points, 6)::json,
        'properties', json_build_object(
            'c', 'rejected', 'r', grouped.rule, 'i', grouped.ids, 'n', grouped.names, 'd', grouped.details
        )
    ) order by grouped.rule) filter (where grouped.points is not null), '[]'),
    'm', coalesce(sum(grouped.without_position), 0)
)::text, '<', '\u003c') as section
from (
    select
        rejects.rule,
        st_collect(validated.geometry order by rejects.legacy_id) filter (where validated.has_position) as points,
        json_agg(rejects.legacy_id order by rejects.legacy_id) filter (where validated.has_position) as ids,
        json_agg(validated.name order by rejects.legacy_id) filter (where validated.has_position) as names,
        json_agg(rejects.detail order by rejects.legacy_id) filter (where validated.has_position) as details,
        count(*) filter (where not coalesce(validated.has_position, false)) as without_position
    from migration.rejects as rejects
    left join (
        select
            legacy_node_id,
            name,
            geometry,
            geometry is not null
            and coalesce(reject_rule, '') not in ('no_coordinates', 'coordinates_out_of_range') as has_position
        from migration_work.int_nodes_validated
    ) as validated
        on rejects.legacy_id = validated.legacy_node_id
    where rejects.entity = 'nodeshot_node'
    group by rejects.rule
) as grouped;

-- section: map_swapped (migration_work.int_nodes_validated)
-- Nodes in no layer area whose lat/lng swapped would fall inside a layer:
-- one MultiLineString from each node to its swapped position, with the
-- node ids, names, and the layers the swapped point would be in (s).
select replace(json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'geometry', st_asgeojson(hints.lines, 6)::json,
        'properties', json_build_object('c', 'swapped', 'i', hints.ids, 'n', hints.names, 's', hints.layers)
    )) filter (where hints.lines is not null), '[]')
)::text, '<', '\u003c') as section
from (
    select
        st_collect(
            st_makeline(geometry, st_flipcoordinates(geometry)) order by legacy_node_id
        ) as lines,
        json_agg(legacy_node_id order by legacy_node_id) as ids,
        json_agg(name order by legacy_node_id) as names,
        json_agg(swapped_layer_ids order by legacy_node_id) as layers
    from migration_work.int_nodes_validated
    where swapped_layer_ids is not null and geometry is not null
) as hints;

-- section: map_links (migration.links_link)
-- The links the run writes, as pairs of node ids, flat: [a1, b1, a2, b2,
-- ...]. Their line is the straight line between the two nodes' points
-- (int_links_migrating), which the page draws from the nodes above; as
-- GeoJSON lines (about 46 bytes a link) the 480,000 links of bench S2
-- would take 22 MB of the 25 MB budget, as pairs they take 6 MB.
select '[' || coalesce(string_agg(links.node_a_id || ',' || links.node_b_id, ',' order by links.id), '') || ']'
    as section
from migration.links_link as links
where links.node_a_id is not null and links.node_b_id is not null;

-- links_link rows (B.10 rules 59-61) keyed by the legacy link id, with the
-- target's exact columns; empty when var import_links is false. status 2
-- (active) and type 1 (radio) as the reference wrote them, metric etx,
-- min/max rate from sync_tx/sync_rx, access level 3 (trusted) for a hidden
-- link. What Link.save() derives (target-schema 5.10): node_a/node_b from
-- the interfaces' devices, layer = node A's layer, line from node A's point
-- to node B's, and the data keys node_a_name, node_b_name, node_a_slug,
-- node_b_slug, interface_a_mac, interface_b_mac (hstore NULL without a MAC)
-- and layer_slug beside `imported`. E.20 fixed: an existing link keeps its
-- added date, its status, seen dates, noise, topology and other data keys,
-- and its updated date unless a migrated value changed.
with links as (
    select * from {{ ref('int_links_validated') }}
    where reject_rule is null and {{ flag('import_links') }}
),

interfaces as (
    select
        id,
        device_id,
        mac
    from {{ ref('net_interface') }}
),

devices as (
    select
        id,
        node_id
    from {{ ref('net_device') }}
),

nodes as (
    select
        id,
        name,
        slug,
        geometry,
        layer_id
    from {{ ref('nodes_node') }}
),

layers as (
    select
        layer_id,
        slug
    from {{ ref('stg_app__layers') }}
),

existing as (
    select * from {{ ref('stg_app__links') }}
),

built as (
    select
        links.legacy_link_id::integer as id,
        (case when links.is_hidden then 3 else 0 end)::smallint as access_level,
        1::smallint as type,
        st_makeline(st_pointonsurface(node_a.geometry), st_pointonsurface(node_b.geometry)) as line,
        'etx'::varchar as metric_type,
        links.etx::double precision as metric_value,
        greatest(links.sync_tx, links.sync_rx)::integer as max_rate,
        least(links.sync_tx, links.sync_rx)::integer as min_rate,
        links.dbm::integer as dbm,
        hstore(
            array[
                'imported', 'node_a_name', 'node_b_name', 'node_a_slug', 'node_b_slug',
                'interface_a_mac', 'interface_b_mac', 'layer_slug'
            ],
            array[
                'true', node_a.name, node_b.name, node_a.slug, node_b.slug,
                interface_a.mac::text, interface_b.mac::text, layers.slug
            ]
        ) as imported_data,
        interface_a.id as interface_a_id,
        interface_b.id as interface_b_id,
        node_a.layer_id,
        node_a.id as node_a_id,
        node_b.id as node_b_id
    from links
    inner join interfaces as interface_a
        on links.legacy_from_interface_id = interface_a.id
    inner join interfaces as interface_b
        on links.legacy_to_interface_id = interface_b.id
    inner join devices as device_a
        on interface_a.device_id = device_a.id
    inner join devices as device_b
        on interface_b.device_id = device_b.id
    inner join nodes as node_a
        on device_a.node_id = node_a.id
    inner join nodes as node_b
        on device_b.node_id = node_b.id
    left join layers
        on node_a.layer_id = layers.layer_id
),

final as (
    select
        built.id,
        coalesce(existing.added, now()) as added,
        case
            when
                existing.id is not null
                and (existing.access_level is not distinct from built.access_level)
                and (existing.line is not distinct from built.line)
                and (existing.metric_value is not distinct from built.metric_value)
                and (existing.max_rate is not distinct from built.max_rate)
                and (existing.min_rate is not distinct from built.min_rate)
                and (existing.dbm is not distinct from built.dbm)
                and (existing.interface_a_id is not distinct from built.interface_a_id)
                and (existing.interface_b_id is not distinct from built.interface_b_id)
                and (existing.layer_id is not distinct from built.layer_id)
                and (existing.node_a_id is not distinct from built.node_a_id)
                and (existing.node_b_id is not distinct from built.node_b_id)
                then existing.updated
            else now()
        end as updated,
        built.access_level,
        built.type,
        built.line,
        coalesce(existing.status, 2)::smallint as status,
        existing.first_seen,
        existing.last_seen,
        built.metric_type,
        built.metric_value,
        built.max_rate,
        built.min_rate,
        built.dbm,
        existing.noise,
        coalesce(existing.data, ''::hstore) || built.imported_data as data,
        coalesce(existing.shortcuts, ''::hstore) as shortcuts,
        built.interface_a_id,
        built.interface_b_id,
        built.layer_id,
        built.node_a_id,
        built.node_b_id,
        existing.topology_id
    from built
    left join existing
        on built.id = existing.id
)

select * from final

-- The legacy side of links_link: every link that migrates (no reject, both
-- interfaces migrate; none when var import_links is false), keyed by its
-- integer id, with what Link.save() derives (target-schema 5.10): node_a /
-- node_b from the interfaces' devices, layer = node A's layer, line from
-- node A's point to node B's, and the data keys it writes (imported_data).
-- status 2 (active), type 1 (radio), metric etx, min/max rate from
-- sync_tx/sync_rx, access level 3 (trusted) for a hidden link.
with links as (
    select * from {{ ref('int_links_validated') }}
    where reject_rule is null and {{ flag('import_links') }}
),

interfaces as (
    select
        id,
        mac,
        node_id
    from {{ ref('int_interfaces_migrating') }}
),

nodes as (
    select
        id,
        name,
        slug,
        point,
        layer_id
    from {{ ref('int_nodes_migrating') }}
),

layers as (
    select
        layer_id,
        slug
    from {{ ref('stg_app__layers') }}
),

final as (
    select
        links.legacy_link_id::integer as id,
        (case when links.is_hidden then 3 else 0 end)::smallint as access_level,
        1::smallint as type,
        st_makeline(node_a.point, node_b.point) as line,
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
    inner join nodes as node_a
        on interface_a.node_id = node_a.id
    inner join nodes as node_b
        on interface_b.node_id = node_b.id
    left join layers
        on node_a.layer_id = layers.layer_id
)

select * from final

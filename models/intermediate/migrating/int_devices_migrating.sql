-- The legacy side of net_device: every device that migrates (no reject,
-- its node migrates), keyed by its integer id, with what Device.save()
-- takes from the node (point, elev, owner, layer) and, E.27, its HNA
-- routes (comma separated, in legacy id order).
with devices as (
    select * from {{ ref('int_devices_validated') }}
    where reject_rule is null
),

nodes as (
    select
        id,
        point,
        elev,
        layer_id,
        user_id
    from {{ ref('int_nodes_migrating') }}
),

hna_routes as (
    select
        legacy_device_id,
        string_agg(route, ',' order by legacy_hna_id) as routes
    from {{ ref('int_hna_routes_validated') }}
    where reject_rule is null
    group by legacy_device_id
),

final as (
    select
        devices.legacy_device_id::integer as id,
        devices.added_at,
        devices.updated_at,
        devices.is_date_run_time,
        devices.name::varchar as name,
        devices.description::varchar as description,
        devices.model,
        devices.cname,
        hna_routes.routes as hna_routes,
        nodes.id as node_id,
        nodes.point as node_point,
        nodes.elev as node_elev,
        nodes.layer_id,
        nodes.user_id
    from devices
    inner join nodes
        on devices.legacy_node_id = nodes.id
    left join hna_routes
        on devices.legacy_device_id = hna_routes.legacy_device_id
)

select * from final

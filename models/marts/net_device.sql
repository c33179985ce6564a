-- net_device rows (B.8 rules 41-44) keyed by the legacy device id, with the
-- target's exact columns. What Device.save() derives (target-schema 5.5):
-- location = the node point and elev = the node elev when the device has
-- none, shortcuts user/layer. Defect E.15 fixed: `updated` keeps the legacy
-- value (the reference's second save set it to the import time). On a
-- device that already exists the site's own columns are kept (status,
-- location, elev, os, seen dates, notes, other data keys); data gets
-- model/cname (rule 42) and, defect E.27, the device's HNA routes
-- (hna_routes, comma separated, in legacy id order).
with devices as (
    select * from {{ ref('int_devices_validated') }}
    where reject_rule is null
),

nodes as (
    select
        id,
        geometry,
        elev,
        layer_id,
        user_id
    from {{ ref('nodes_node') }}
),

hna_routes as (
    select
        legacy_device_id,
        string_agg(route, ',' order by legacy_hna_id) as routes
    from {{ ref('int_hna_routes_validated') }}
    where reject_rule is null
    group by legacy_device_id
),

existing as (
    select * from {{ ref('stg_app__devices') }}
),

final as (
    select
        devices.legacy_device_id::integer as id,
        devices.added_at as added,
        devices.updated_at as updated,
        coalesce(existing.access_level, 0)::smallint as access_level,
        devices.name::varchar as name,
        'radio'::varchar as type,
        coalesce(existing.status, 2)::smallint as status,
        coalesce(existing.location, st_pointonsurface(nodes.geometry)) as location,
        case
            when coalesce(existing.elev, 0) = 0 and coalesce(nodes.elev, 0) <> 0 then nodes.elev
            else existing.elev
        end as elev,
        existing.os,
        existing.os_version,
        existing.first_seen,
        existing.last_seen,
        devices.description::varchar as description,
        existing.notes,
        (coalesce(existing.data, ''::hstore) - 'hna_routes'::text)
        || hstore(array['model', 'cname'], array[devices.model, devices.cname])
        || case when hna_routes.routes is not null then hstore('hna_routes', hna_routes.routes) else ''::hstore end
            as data,
        coalesce(existing.shortcuts, ''::hstore)
        || case
            when nodes.user_id is not null then hstore('user', {{ shortcut_reference('user', 'nodes.user_id') }})
            else ''::hstore
        end
        || hstore('layer', {{ shortcut_reference('layer', 'nodes.layer_id') }})
            as shortcuts,
        devices.legacy_node_id::integer as node_id
    from devices
    inner join nodes
        on devices.legacy_node_id = nodes.id
    left join hna_routes
        on devices.legacy_device_id = hna_routes.legacy_device_id
    left join existing
        on devices.legacy_device_id = existing.id
)

select * from final

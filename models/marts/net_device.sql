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
    select * from {{ ref('int_devices_migrating') }}
),

existing as (
    select * from {{ ref('stg_app__devices') }}
),

final as (
    select
        devices.id,
        -- both legacy dates unreadable: the time of the first run, kept by
        -- the next ones (a second run with no legacy change writes nothing)
        case when devices.is_date_run_time and existing.id is not null then existing.added else devices.added_at end
            as added,
        case when devices.is_date_run_time and existing.id is not null then existing.updated else devices.updated_at end
            as updated,
        coalesce(existing.access_level, 0)::smallint as access_level,
        devices.name,
        'radio'::varchar as type,
        coalesce(existing.status, 2)::smallint as status,
        coalesce(existing.location, devices.node_point) as location,
        case
            when coalesce(existing.elev, 0) = 0 and coalesce(devices.node_elev, 0) <> 0 then devices.node_elev
            else existing.elev
        end as elev,
        existing.os,
        existing.os_version,
        existing.first_seen,
        existing.last_seen,
        devices.description,
        existing.notes,
        (coalesce(existing.data, ''::hstore) - 'hna_routes'::text)
        || hstore(array['model', 'cname'], array[devices.model, devices.cname])
        || case when devices.hna_routes is not null then hstore('hna_routes', devices.hna_routes) else ''::hstore end
            as data,
        coalesce(existing.shortcuts, ''::hstore)
        || case
            when devices.user_id is not null then hstore('user', {{ shortcut_reference('user', 'devices.user_id') }})
            else ''::hstore
        end
        || hstore('layer', {{ shortcut_reference('layer', 'devices.layer_id') }})
            as shortcuts,
        devices.node_id
    from devices
    left join existing
        on devices.id = existing.id
)

select * from final

-- Defect E.27 (HNA routes were never imported): nodeshot 1.x has no HNA or
-- route table, but every route belongs to a device, so the routes of a
-- migrating device are kept in its data hstore (key hna_routes, see
-- net_device). A route must parse as an IPv4/IPv6 network or address
-- (inet, with or without a prefix length); a route of a device that does
-- not migrate is rejected in cascade (device_not_migrated).
with routes as (
    select * from {{ ref('stg_legacy__hna_routes') }}
),

devices as (
    select
        legacy_device_id,
        reject_rule
    from {{ ref('int_devices_validated') }}
),

checked as (
    select
        routes.legacy_hna_id,
        routes.legacy_device_id,
        routes.device_id_raw,
        routes.route,
        routes.invalid_text,
        case
            when routes.invalid_text is not null then 'invalid_utf8'
            when devices.legacy_device_id is null then 'orphan_hna'
            when devices.reject_rule is not null then 'device_not_migrated'
            when
                coalesce(routes.route, '') !~ '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$'
                or migration.try_inet(routes.route) is null
                then 'invalid_route'
        end as reject_rule
    from routes
    left join devices
        on routes.legacy_device_id = devices.legacy_device_id
)

select * from checked

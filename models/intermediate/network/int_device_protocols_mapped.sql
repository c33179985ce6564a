-- B.8 rules 45-46 with defect E.22 fixed: the routing protocol of every
-- migrating device, through seeds/routing_protocols (exact match on
-- lower(btrim(legacy value)), not the reference's icontains lookup that
-- picked an arbitrary row). The protocol row is
--   * an existing net_routing_protocol with that name (case-insensitive):
--     the one with the seed's version if there is one, else the lowest id;
--   * otherwise a protocol to create (provisional negative id, one per
--     name and version, in name order), as the reference created them.
-- A legacy value without a seed row is created under its own lower-case
-- name (mapping_rule unmapped, reported in migration.adjustments); a blank
-- value links no protocol (mapping_rule blank; the reference's empty
-- icontains matched every protocol).
with devices as (
    select * from {{ ref('int_devices_validated') }}
    where reject_rule is null
),

mapping as (
    select
        lower(btrim(legacy_protocol)) as legacy_protocol,
        protocol_name,
        coalesce(protocol_version, '') as protocol_version
    from {{ ref('routing_protocols') }}
),

existing_protocols as (
    select
        id,
        name,
        version
    from {{ ref('stg_app__routing_protocols') }}
),

mapped as (
    select
        devices.legacy_device_id,
        devices.routing_protocol as legacy_protocol,
        case
            when devices.routing_protocol = '' then 'blank'
            when mapping.legacy_protocol is not null then 'seed'
            else 'unmapped'
        end as mapping_rule,
        case
            when devices.routing_protocol <> ''
                then coalesce(mapping.protocol_name, left(lower(devices.routing_protocol), 50))
        end as protocol_name,
        coalesce(mapping.protocol_version, '') as protocol_version
    from devices
    left join mapping
        on lower(devices.routing_protocol) = mapping.legacy_protocol
),

wanted as (
    select distinct
        protocol_name,
        protocol_version
    from mapped
    where protocol_name is not null
),

matched as (
    select
        wanted.protocol_name,
        wanted.protocol_version,
        (
            select existing_protocols.id
            from existing_protocols
            where
                lower(existing_protocols.name) = lower(wanted.protocol_name)
                and (wanted.protocol_version = '' or existing_protocols.version = wanted.protocol_version)
            order by existing_protocols.version <> wanted.protocol_version, existing_protocols.id
            limit 1
        ) as existing_protocol_id
    from wanted
),

resolved as (
    select
        matched.protocol_name,
        matched.protocol_version,
        matched.existing_protocol_id,
        coalesce(
            matched.existing_protocol_id,
            -row_number() over (
                partition by matched.existing_protocol_id is null
                order by matched.protocol_name, matched.protocol_version
            )
        )::integer as routing_protocol_id
    from matched
),

final as (
    select
        mapped.legacy_device_id,
        mapped.legacy_protocol,
        mapped.mapping_rule,
        mapped.protocol_name,
        mapped.protocol_version,
        resolved.existing_protocol_id is null and resolved.routing_protocol_id is not null as is_new_protocol,
        resolved.routing_protocol_id
    from mapped
    left join resolved
        on
            mapped.protocol_name = resolved.protocol_name
            and mapped.protocol_version = resolved.protocol_version
)

select * from final

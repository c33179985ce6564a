-- net_routing_protocol rows to create (B.8 rule 45, E.22 fixed): one per
-- protocol name/version the migrating devices need that the site does not
-- have yet (int_device_protocols_mapped), with the provisional negative id
-- the device links point at; the apply gives them sequence ids.
with protocols as (
    select * from {{ ref('int_device_protocols_mapped') }}
    where is_new_protocol
),

final as (
    select distinct
        routing_protocol_id as id,
        now() as added,
        now() as updated,
        protocol_name::varchar as name,
        protocol_version::varchar as version
    from protocols
)

select * from final

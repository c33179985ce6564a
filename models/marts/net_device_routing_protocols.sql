-- net_device_routing_protocols rows to create (B.8 rule 46): the pair of a
-- migrating device and its mapped protocol, unless the pair exists.
-- Pre-existing links of the device to other protocols are kept.
-- routingprotocol_id is negative for a protocol created in this run.
with protocols as (
    select * from {{ ref('int_device_protocols_mapped') }}
    where routing_protocol_id is not null
),

existing_pairs as (
    select
        device_id,
        routingprotocol_id
    from {{ ref('stg_app__device_routing_protocols') }}
),

missing as (
    select
        protocols.legacy_device_id,
        protocols.routing_protocol_id
    from protocols
    where not exists (
        select 1 as is_present from existing_pairs
        where
            existing_pairs.device_id = protocols.legacy_device_id
            and existing_pairs.routingprotocol_id = protocols.routing_protocol_id
    )
),

final as (
    select
        (-row_number() over (order by legacy_device_id, routing_protocol_id))::integer as id,
        legacy_device_id::integer as device_id,
        routing_protocol_id::integer as routingprotocol_id
    from missing
)

select * from final

-- net_ip rows (B.9 rules 50-51, 55): one per valid, unique IPv4/IPv6
-- address of a migrating interface (int_ip_addresses_validated), protocol
-- derived from the address as Ip.save() does, stored as a host address
-- (/32, /128). An address the importer wrote before keeps its id, added
-- date, access level and netmask (E.19: the reference reset them); a new
-- one gets a provisional negative id and added = updated = the run's time.
with addresses as (
    select * from {{ ref('int_ip_addresses_validated') }}
    where reject_rule is null
),

interfaces as (
    select id from {{ ref('int_interfaces_migrating') }}
),

existing as (
    select * from {{ ref('stg_app__ips') }}
),

final as (
    select
        coalesce(
            addresses.existing_ip_id,
            -row_number() over (
                partition by addresses.existing_ip_id is null
                order by addresses.legacy_interface_id, addresses.column_order
            )
        )::integer as id,
        coalesce(existing.added, now()) as added,
        case
            when existing.id is not null and existing.interface_id = addresses.legacy_interface_id
                then existing.updated
            else now()
        end as updated,
        coalesce(existing.access_level, 0)::smallint as access_level,
        addresses.address::inet as address,
        addresses.protocol::varchar as protocol,
        existing.netmask,
        addresses.legacy_interface_id::integer as interface_id
    from addresses
    inner join interfaces
        on addresses.legacy_interface_id = interfaces.id
    left join existing
        on addresses.existing_ip_id = existing.id
)

select * from final

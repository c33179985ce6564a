-- B.9 rules 50-51, 55 with defects E.2 and E.19 fixed: one row per IP
-- address of a legacy interface (ipv4_address and ipv6_address columns,
-- trimmed, '' = none) with the first rule that stops it (reject_rule; null
-- = it becomes a net_ip row). An address must be a dotted quad or an IPv6
-- address (no inet_aton short forms such as `10.1`, F.4); the protocol is
-- derived from the address, so an IPv4 typed in the IPv6 column is still an
-- IPv4 row (as netaddr did). A bad address is rejected on its own: the
-- interface migrates without it (the reference aborted the whole run).
-- An address used twice is kept on the lowest interface id (ipv4 column
-- first); an address a site interface already holds is rejected, never
-- moved (the reference moved it); one held by an interface the importer
-- migrates is reused (same net_ip id) and moves with the legacy data.
with interfaces as (
    select
        legacy_interface_id,
        cname,
        ipv4_address,
        ipv6_address,
        reject_rule
    from {{ ref('int_interfaces_classified') }}
),

vanished_interfaces as (
    select row_id from {{ ref('int_rows_vanished') }}
    where table_name = 'net_interface'
),

-- Target addresses, without those of the importer's own interfaces that
-- this run deletes before writing (the cascade frees them).
existing_ips as (
    select
        app_ips.id,
        app_ips.address,
        app_ips.interface_id
    from {{ ref('stg_app__ips') }} as app_ips
    where app_ips.interface_id not in (select vanished_interfaces.row_id from vanished_interfaces)
),

addresses as (
    select
        legacy_interface_id,
        cname,
        'ipv4_address' as legacy_column,
        1 as column_order,
        ipv4_address as address_raw,
        reject_rule as interface_reject_rule
    from interfaces
    where ipv4_address is not null
    union all
    select
        legacy_interface_id,
        cname,
        'ipv6_address' as legacy_column,
        2 as column_order,
        ipv6_address as address_raw,
        reject_rule as interface_reject_rule
    from interfaces
    where ipv6_address is not null
),

-- materialized: the address is read once here; inlined, the cast was
-- evaluated again in every join key, rule and window that uses it (4 s of
-- 8 at S2).
parsed as materialized (
    select
        addresses.*,
        {{ safe_inet('addresses.address_raw') }} as address
    from addresses
),

checked as (
    select
        parsed.*,
        case
            when parsed.interface_reject_rule is not null then 'interface_not_migrated'
            when parsed.address is null and parsed.legacy_column = 'ipv4_address' then 'invalid_ipv4'
            when parsed.address is null then 'invalid_ipv6'
            when host(parsed.address) in ('0.0.0.0', '::') then 'unspecified_address'
        end as first_reject_rule
    from parsed
),

ranked as (
    select
        checked.*,
        row_number() over (
            partition by checked.first_reject_rule is null, checked.address
            order by checked.legacy_interface_id, checked.column_order
        ) as address_rank,
        min(checked.legacy_interface_id) over (
            partition by checked.first_reject_rule is null, checked.address
        ) as first_interface_id,
        existing_ips.id as existing_ip_id,
        existing_ips.interface_id as existing_interface_id,
        migrating.legacy_interface_id is not null as is_held_by_migrating_interface
    from checked
    left join existing_ips
        on checked.address = existing_ips.address
    left join interfaces as migrating
        on
            existing_ips.interface_id = migrating.legacy_interface_id
            and migrating.reject_rule is null
),

final as (
    select
        legacy_interface_id,
        cname,
        legacy_column,
        column_order,
        address_raw,
        address,
        'ipv' || family(address) as protocol,
        case
            when first_reject_rule is null and address_rank = 1 and is_held_by_migrating_interface
                then existing_ip_id
        end as existing_ip_id,
        existing_interface_id,
        first_interface_id,
        coalesce(
            first_reject_rule,
            case
                when address_rank > 1 then 'duplicate_address'
                when existing_ip_id is not null and not is_held_by_migrating_interface then 'address_taken'
            end
        ) as reject_rule
    from ranked
)

select * from final

-- net_interface_vap rows (B.9 rule 54): the VAP of each migrating wireless
-- interface with an essid or bssid, one per interface. An existing VAP of
-- the interface with the same essid or bssid keeps its id, its added date,
-- its other columns and (when essid and bssid are unchanged) its updated
-- date; a new one gets a provisional negative id and added = updated = the
-- run's time, as the reference wrote them.
with vaps as (
    select * from {{ ref('int_vaps_matched') }}
    where reject_rule is null
),

interfaces as (
    select id as interface_ptr_id from {{ ref('int_interfaces_migrating') }}
    where kind = 'wireless'
),

existing as (
    select * from {{ ref('stg_app__vaps') }}
),

final as (
    select
        coalesce(
            vaps.existing_vap_id,
            -row_number() over (
                partition by vaps.existing_vap_id is null
                order by vaps.legacy_interface_id
            )
        )::integer as id,
        coalesce(existing.added, now()) as added,
        case
            when
                existing.id is not null
                and (existing.essid is not distinct from vaps.essid)
                and (existing.bssid is not distinct from vaps.bssid)
                then existing.updated
            else now()
        end as updated,
        vaps.essid::varchar as essid,
        vaps.bssid::varchar as bssid,
        existing.encryption,
        existing.key,
        existing.auth_server,
        existing.auth_port,
        existing.accounting_server,
        existing.accounting_port,
        vaps.legacy_interface_id::integer as interface_id
    from vaps
    inner join interfaces
        on vaps.legacy_interface_id = interfaces.interface_ptr_id
    left join existing
        on vaps.existing_vap_id = existing.id
)

select * from final

-- B.9 rule 54: the VAP (virtual access point) of every legacy wireless
-- interface whose essid or bssid is set, one per interface as the reference
-- creates them, matched to the existing VAP of that interface with the same
-- essid or bssid (reused; the reference aborted when several matched, here
-- the lowest id wins). essid/bssid are varchar(50) in the target: a longer
-- value rejects the VAP, never truncated; the VAP of an interface that does
-- not migrate is rejected in cascade (interface_not_migrated).
with interfaces as (
    select * from {{ ref('int_interfaces_classified') }}
    where
        kind = 'wireless'
        and (coalesce(essid, '') <> '' or coalesce(bssid, '') <> '')
),

existing_vaps as (
    select * from {{ ref('stg_app__vaps') }}
),

checked as (
    select
        interfaces.legacy_interface_id,
        interfaces.cname,
        interfaces.essid,
        interfaces.bssid,
        case
            when interfaces.reject_rule is not null then 'interface_not_migrated'
            when length(interfaces.essid) > 50 then 'essid_too_long'
            when length(interfaces.bssid) > 50 then 'bssid_too_long'
        end as reject_rule,
        (
            select existing_vaps.id
            from existing_vaps
            where
                existing_vaps.interface_id = interfaces.legacy_interface_id
                and (
                    existing_vaps.essid is not distinct from interfaces.essid
                    or existing_vaps.bssid is not distinct from interfaces.bssid
                )
            order by existing_vaps.id
            limit 1
        ) as existing_vap_id
    from interfaces
)

select * from checked

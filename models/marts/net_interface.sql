-- net_interface rows (B.9 rules 47-53) keyed by the legacy interface id,
-- with the target's exact columns: type from the interface kind
-- (int_interfaces_classified; never retyped by the links phase, E.17),
-- name = first 10 characters of cname, MAC as macaddr, shortcuts
-- node/user/layer as Interface.save() derives them. data holds essid/bssid
-- of a wireless interface (rule 48), the legacy type label of a virtual one
-- (old_nodeshot_interface_type) and the legacy channel when it was mapped
-- (old_nodeshot_wireless_channel, E.18). E.16 fixed: on an interface that
-- already exists the site's own access_level, mtu, rates and other data
-- keys are kept instead of being reset.
with interfaces as (
    select * from {{ ref('int_interfaces_migrating') }}
),

existing as (
    select * from {{ ref('stg_app__interfaces') }}
),

final as (
    select
        interfaces.id,
        -- both legacy dates unreadable: the time of the first run, kept by
        -- the next ones (a second run with no legacy change writes nothing)
        case when interfaces.is_date_run_time and existing.id is not null then existing.added else interfaces.added_at end
            as added,
        case when interfaces.is_date_run_time and existing.id is not null then existing.updated else interfaces.updated_at end
            as updated,
        coalesce(existing.access_level, 0)::smallint as access_level,
        interfaces.type,
        interfaces.name,
        interfaces.mac,
        (case when existing.id is null then 1500 else existing.mtu end)::integer as mtu,
        existing.tx_rate,
        existing.rx_rate,
        (
            coalesce(existing.data, ''::hstore)
            - array['essid', 'bssid', 'old_nodeshot_interface_type', 'old_nodeshot_wireless_channel']
        )
        || case
            when interfaces.kind = 'wireless' and coalesce(interfaces.essid, '') <> ''
                then hstore('essid', interfaces.essid)
            else ''::hstore
        end
        || case
            when interfaces.kind = 'wireless' and coalesce(interfaces.bssid, '') <> ''
                then hstore('bssid', interfaces.bssid)
            else ''::hstore
        end
        || case
            when interfaces.kind = 'wireless' and interfaces.is_channel_mapped
                then hstore('old_nodeshot_wireless_channel', interfaces.wireless_channel)
            else ''::hstore
        end
        || case
            when interfaces.kind = 'virtual'
                then hstore('old_nodeshot_interface_type', interfaces.old_type_label)
            else ''::hstore
        end
            as data,
        coalesce(existing.shortcuts, ''::hstore)
        || {{ node_shortcuts('interfaces.node_id', 'interfaces.user_id', 'interfaces.layer_id') }} as shortcuts,
        interfaces.device_id
    from interfaces
    left join existing
        on interfaces.id = existing.id
)

select * from final

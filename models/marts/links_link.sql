-- links_link rows (B.10 rules 59-61) keyed by the legacy link id, with the
-- target's exact columns; empty when var import_links is false. The legacy
-- side (what Link.save() derives, the data keys node_a_name, node_b_name,
-- node_a_slug, node_b_slug, interface_a_mac, interface_b_mac (hstore NULL
-- without a MAC) and layer_slug beside `imported`) is int_links_migrating. E.20 fixed: an existing link keeps its
-- added date, its status, seen dates, noise, topology and other data keys,
-- and its updated date unless a migrated value changed.
with built as (
    select * from {{ ref('int_links_migrating') }}
),

existing as (
    select * from {{ ref('stg_app__links') }}
),

final as (
    select
        built.id,
        coalesce(existing.added, now()) as added,
        case
            when
                existing.id is not null
                and (existing.access_level is not distinct from built.access_level)
                and (existing.line is not distinct from built.line)
                and (existing.metric_value is not distinct from built.metric_value)
                and (existing.max_rate is not distinct from built.max_rate)
                and (existing.min_rate is not distinct from built.min_rate)
                and (existing.dbm is not distinct from built.dbm)
                and (existing.interface_a_id is not distinct from built.interface_a_id)
                and (existing.interface_b_id is not distinct from built.interface_b_id)
                and (existing.layer_id is not distinct from built.layer_id)
                and (existing.node_a_id is not distinct from built.node_a_id)
                and (existing.node_b_id is not distinct from built.node_b_id)
                then existing.updated
            else now()
        end as updated,
        built.access_level,
        built.type,
        built.line,
        coalesce(existing.status, 2)::smallint as status,
        existing.first_seen,
        existing.last_seen,
        built.metric_type,
        built.metric_value,
        built.max_rate,
        built.min_rate,
        built.dbm,
        existing.noise,
        coalesce(existing.data, ''::hstore) || built.imported_data as data,
        coalesce(existing.shortcuts, ''::hstore) as shortcuts,
        built.interface_a_id,
        built.interface_b_id,
        built.layer_id,
        built.node_a_id,
        built.node_b_id,
        existing.topology_id
    from built
    left join existing
        on built.id = existing.id
)

select * from final

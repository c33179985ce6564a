-- nodes_node rows (B.6) keyed by the legacy node id, with the target's exact
-- columns. Only new nodes and nodes an earlier run created (ledger) are
-- here: a site node holding a legacy id is a reject (id_taken). On an
-- importer-owned node the site's access_level, is_published, address and
-- other data keys are kept (rule 27); the importer's own keys imported /
-- postal_code / is_hotspot are rewritten, so a stale one disappears (E.14).
with nodes as (
    select * from {{ ref('int_nodes_migrating') }}
),

existing as (
    select * from {{ ref('stg_app__nodes') }}
),

final as (
    select
        nodes.id,
        -- both legacy dates unreadable: the time of the first run, kept by
        -- the next ones (a second run with no legacy change writes nothing)
        case when nodes.is_date_run_time and existing.id is not null then existing.added else nodes.added_at end
            as added,
        case when nodes.is_date_run_time and existing.id is not null then existing.updated else nodes.updated_at end
            as updated,
        coalesce(existing.access_level, 0)::smallint as access_level,
        nodes.name,
        nodes.slug,
        coalesce(existing.is_published, true) as is_published,
        nodes.geometry,
        nodes.elev,
        existing.address,
        nodes.description,
        nodes.notes,
        (coalesce(existing.data, ''::hstore) - array['imported', 'postal_code', 'is_hotspot'])
        || hstore('imported', 'true')
        || case when nodes.postal_code <> '' then hstore('postal_code', nodes.postal_code) else ''::hstore end
        || case when nodes.is_hotspot then hstore('is_hotspot', 'true') else ''::hstore end
            as data,
        nodes.layer_id,
        nodes.status_id,
        nodes.user_id
    from nodes
    left join existing
        on nodes.id = existing.id
)

select * from final

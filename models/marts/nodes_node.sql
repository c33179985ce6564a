-- nodes_node rows (B.6) keyed by the legacy node id, with the target's exact
-- columns. Only new nodes and nodes an earlier run created (ledger) are
-- here: a site node holding a legacy id is a reject (id_taken). On an
-- importer-owned node the site's access_level, is_published, address and
-- other data keys are kept (rule 27); the importer's own keys imported /
-- postal_code / is_hotspot are rewritten, so a stale one disappears (E.14).
with nodes as (
    select * from {{ ref('int_nodes_validated') }}
    where reject_rule is null
),

users as (
    select
        email_key,
        profile_id
    from {{ ref('int_users_unified') }}
),

existing as (
    select * from {{ ref('stg_app__nodes') }}
),

final as (
    select
        nodes.legacy_node_id::integer as id,
        nodes.added_at as added,
        nodes.updated_at as updated,
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
        || case when nodes.legacy_status in ('h', 'ah') then hstore('is_hotspot', 'true') else ''::hstore end
            as data,
        nodes.layer_id::integer as layer_id,
        nodes.status_id::integer as status_id,
        users.profile_id as user_id
    from nodes
    inner join users
        on nodes.email_key = users.email_key
    left join existing
        on nodes.legacy_node_id = existing.id
)

select * from final

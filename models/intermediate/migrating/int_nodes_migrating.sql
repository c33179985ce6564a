-- The legacy side of nodes_node: every node that migrates (no reject, an
-- owner found), keyed by its integer id, with its owner's profile. The
-- mart joins it with the site's live rows; the devices, interfaces and
-- links below join it instead of the mart, so that no mart is stacked on
-- another one (stacked views made the planner guess 10^25 rows at S2).
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

final as (
    select
        nodes.legacy_node_id::integer as id,
        nodes.added_at,
        nodes.updated_at,
        nodes.is_date_run_time,
        nodes.name,
        nodes.slug,
        nodes.geometry,
        st_pointonsurface(nodes.geometry) as point,
        nodes.elev,
        nodes.description,
        nodes.notes,
        nodes.postal_code,
        nodes.legacy_status in ('h', 'ah') as is_hotspot,
        nodes.layer_id::integer as layer_id,
        nodes.status_id::integer as status_id,
        users.profile_id as user_id
    from nodes
    inner join users
        on nodes.email_key = users.email_key
)

select * from final

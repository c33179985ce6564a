{{ config(indexes=[{'columns': ['geography'], 'type': 'gist'}]) }}
-- The target's nodes that remain after this run's deletions (the
-- importer's own nodes whose legacy row vanished are left out: their names
-- and slugs are free again), with whether an earlier run created them.
-- Read by the node rules for ids, names, slugs and distances in use (a
-- GiST index on the position for the minimum-distance check).
with owned_nodes as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'nodes_node'
),

vanished_nodes as (
    select row_id from {{ ref('int_rows_vanished') }}
    where table_name = 'nodes_node'
),

existing_nodes as (
    select
        app_nodes.id,
        app_nodes.name,
        app_nodes.slug,
        app_nodes.geometry,
        app_nodes.geometry::geography as geography,
        owned_nodes.row_id is not null as is_owned
    from {{ ref('stg_app__nodes') }} as app_nodes
    left join owned_nodes
        on app_nodes.id = owned_nodes.row_id
    where app_nodes.id not in (select vanished_nodes.row_id from vanished_nodes)
)

select * from existing_nodes

-- Re-runs (issue 4, B.7 rule 39 with E.11 fixed): a profile is deleted only
-- when the importer created it (ledger), it is no longer a migrated admin or
-- owner, it is neither staff nor superuser, and after this run no node
-- belongs to it (counting the nodes this run reassigns or deletes). The
-- reference deleted admins, superusers and the site's own profiles too.
with owned as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'profiles_profile'
),

profiles as (
    select * from {{ ref('stg_app__profiles') }}
),

current_users as (
    select profile_id from {{ ref('int_users_unified') }}
),

migrating_nodes as (
    select
        id,
        user_id
    from {{ ref('int_nodes_migrating') }}
),

vanished_nodes as (
    select row_id from {{ ref('int_rows_vanished') }}
    where table_name = 'nodes_node'
),

nodes_after_run as (
    select user_id from migrating_nodes
    union all
    select app_nodes.user_id
    from {{ ref('stg_app__nodes') }} as app_nodes
    where
        app_nodes.id not in (select migrating_nodes.id from migrating_nodes)
        and app_nodes.id not in (select vanished_nodes.row_id from vanished_nodes)
),

orphaned as (
    select profiles.id as profile_id
    from profiles
    inner join owned
        on profiles.id = owned.row_id
    where
        not profiles.is_staff
        and not profiles.is_superuser
        and profiles.id not in (select current_users.profile_id from current_users)
        and not exists (
            select 1 as owns_a_node from nodes_after_run
            where nodes_after_run.user_id = profiles.id
        )
)

select * from orphaned

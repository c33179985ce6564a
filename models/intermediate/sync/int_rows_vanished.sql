-- Re-runs (issue 4, B.7 and B.11 done from the ledger, not from the
-- `imported` data key): importer-owned rows whose legacy row no longer
-- exists. They are deleted by the apply, with the dependants Django's
-- cascade would delete (target-schema 9). Rows the site created itself are
-- never in this list (E.11, E.14).
with owned as (
    select * from {{ ref('stg_ledger__owned_rows') }}
),

legacy_ids as (
    select
        'nodes_node' as table_name,
        legacy_node_id as legacy_id
    from {{ ref('stg_legacy__nodes') }}
    union all
    select
        'net_device' as table_name,
        legacy_device_id as legacy_id
    from {{ ref('stg_legacy__devices') }}
    union all
    select
        'net_interface' as table_name,
        legacy_interface_id as legacy_id
    from {{ ref('stg_legacy__interfaces') }}
    union all
    select
        'links_link' as table_name,
        legacy_link_id as legacy_id
    from {{ ref('stg_legacy__links') }}
    union all
    select
        'mailing_inward' as table_name,
        legacy_contact_id as legacy_id
    from {{ ref('stg_legacy__contacts') }}
),

vanished as (
    select
        owned.table_name,
        owned.row_id,
        owned.run_id
    from owned
    where
        owned.table_name in ('nodes_node', 'net_device', 'net_interface', 'links_link', 'mailing_inward')
        and not exists (
            select 1 as is_present from legacy_ids
            where legacy_ids.table_name = owned.table_name and legacy_ids.legacy_id = owned.row_id
        )
)

select * from vanished

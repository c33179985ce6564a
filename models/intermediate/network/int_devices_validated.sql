-- B.8 rules 41-44: every legacy device with the first rule that stops it
-- (reject_rule; null = it migrates). A device whose node does not migrate
-- (unconfirmed, discarded or rejected) is rejected in cascade as
-- node_not_migrated, instead of failing Django's FK check (rule 43); a
-- device whose node does not exist in the legacy database is an orphan
-- (bad-inputs 17). Columns net_device.name/description are varchar(50)/(255):
-- longer values are rejected, never truncated silently (bad-inputs 29). A
-- device of the target site holding the legacy id (not created by an
-- earlier run, see the ledger) is never overwritten: id_taken.
with devices as (
    select * from {{ ref('stg_legacy__devices') }}
),

nodes as (
    select
        legacy_node_id,
        name,
        reject_rule
    from {{ ref('int_nodes_validated') }}
),

site_devices as (
    select id from {{ ref('stg_app__devices') }}
),

owned_devices as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'net_device'
),

checked as (
    select
        devices.legacy_device_id,
        devices.legacy_node_id,
        devices.node_id_raw,
        devices.name,
        devices.cname,
        devices.description,
        devices.model,
        devices.routing_protocol,
        devices.added_at is null or devices.updated_at is null as is_date_missing,
        devices.added_at is null and devices.updated_at is null as is_date_run_time,
        coalesce(devices.added_at, devices.updated_at, now()) as added_at,
        coalesce(devices.updated_at, devices.added_at, now()) as updated_at,
        devices.added_raw,
        devices.updated_raw,
        devices.invalid_text,
        nodes.name as node_name,
        nodes.reject_rule as node_reject_rule,
        case
            when devices.legacy_device_id not between 0 and 2147483647 then 'id_out_of_range'
            when devices.invalid_text is not null then 'invalid_utf8'
            when nodes.legacy_node_id is null then 'orphan_device'
            when nodes.reject_rule is not null then 'node_not_migrated'
            when site_devices.id is not null and owned_devices.row_id is null then 'id_taken'
            when coalesce(btrim(devices.name), '') = '' then 'missing_name'
            when length(devices.name) > 50 then 'name_too_long'
            when length(devices.description) > 255 then 'description_too_long'
        end as reject_rule
    from devices
    left join nodes
        on devices.legacy_node_id = nodes.legacy_node_id
    left join site_devices
        on devices.legacy_device_id = site_devices.id
    left join owned_devices
        on devices.legacy_device_id = owned_devices.row_id
)

select * from checked

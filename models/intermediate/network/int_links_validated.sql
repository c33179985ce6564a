-- B.10 rules 56-60: every legacy link with the first rule that stops it
-- (reject_rule; null = it migrates):
--   * orphan_link: an interface id that no legacy interface has (the
--     reference printed "probably link #N is orphan");
--   * invalid_number / invalid_boolean: etx, dbm, sync_tx, sync_rx or hide
--     unreadable (bad-inputs 26, 28);
--   * self_link: both ends on the same interface (Link.clean());
--   * interface_not_migrated: an end whose interface does not migrate
--     (rejected itself or in cascade from its device or node);
--   * duplicate_link: the same pair of interfaces (either direction) as a
--     lower-id link (bad-inputs 18);
--   * id_taken: a link of the target site (not created by an earlier run)
--     holds the legacy id; it is never overwritten.
-- Defect E.17 fixed: the interfaces are never retyped to wireless.
-- With var import_links false nothing migrates and reconciliation counts
-- every link as not migrated.
with links as (
    select * from {{ ref('stg_legacy__links') }}
),

interfaces as (
    select
        legacy_interface_id,
        legacy_node_id,
        reject_rule
    from {{ ref('int_interfaces_classified') }}
),

site_links as (
    select id from {{ ref('stg_app__links') }}
),

owned_links as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'links_link'
),

checked as (
    select
        links.*,
        interface_a.legacy_node_id as legacy_node_a_id,
        interface_b.legacy_node_id as legacy_node_b_id,
        interface_a.reject_rule as interface_a_reject_rule,
        interface_b.reject_rule as interface_b_reject_rule,
        interface_a.legacy_interface_id is null as is_interface_a_missing,
        interface_b.legacy_interface_id is null as is_interface_b_missing,
        case
            when links.legacy_link_id not between 0 and 2147483647 then 'id_out_of_range'
            when links.invalid_text is not null then 'invalid_utf8'
            when interface_a.legacy_interface_id is null or interface_b.legacy_interface_id is null then 'orphan_link'
            when
                links.etx is null or links.dbm is null or links.sync_tx is null or links.sync_rx is null
                or links.dbm not between -2147483648 and 2147483647
                or links.sync_tx not between -2147483648 and 2147483647
                or links.sync_rx not between -2147483648 and 2147483647
                then 'invalid_number'
            when links.is_hidden is null then 'invalid_boolean'
            when links.legacy_from_interface_id = links.legacy_to_interface_id then 'self_link'
            when
                interface_a.reject_rule is not null or interface_b.reject_rule is not null
                then 'interface_not_migrated'
            when site_links.id is not null and owned_links.row_id is null then 'id_taken'
        end as first_reject_rule
    from links
    left join interfaces as interface_a
        on links.legacy_from_interface_id = interface_a.legacy_interface_id
    left join interfaces as interface_b
        on links.legacy_to_interface_id = interface_b.legacy_interface_id
    left join site_links
        on links.legacy_link_id = site_links.id
    left join owned_links
        on links.legacy_link_id = owned_links.row_id
),

ranked as (
    select
        checked.*,
        min(checked.legacy_link_id) over (
            partition by
                checked.first_reject_rule is null,
                least(checked.legacy_from_interface_id, checked.legacy_to_interface_id),
                greatest(checked.legacy_from_interface_id, checked.legacy_to_interface_id)
        ) as first_link_id
    from checked
),

final as (
    select
        ranked.*,
        coalesce(
            ranked.first_reject_rule,
            case when ranked.first_link_id < ranked.legacy_link_id then 'duplicate_link' end
        ) as reject_rule
    from ranked
)

select * from final

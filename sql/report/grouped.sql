-- The rows of one of migration.rejects / migration.notices, grouped by
-- entity and rule for the report (sections `rejects` and `notices` of
-- report.sql): each group's count and its first rows (report.ROWS_PER_GROUP)
-- (legacy id, the name quoted at the start of the detail, the detail).
-- {relation} is the section's relation, from report.sql itself.

-- One entry per (entity, rule): its count, and its first rows by legacy id
-- as [legacy id, name, detail]. The name is the quoted one at the start of
-- the detail ("node 12 'Name': ..."), when the detail names one.
with numbered as (
    select
        entity,
        rule,
        legacy_id,
        detail,
        row_number() over (partition by entity, rule order by legacy_id, detail) as position,
        count(*) over (partition by entity, rule) as group_rows
    from {relation}
),

named as (
    select
        numbered.*,
        replace(
            substring(numbered.detail from '^[a-z_ ]+ (?:-?[0-9]+ )?E?''((?:[^'']|'''')*)'''), '''''', ''''
        ) as name
    from numbered
    where numbered.position <= %(rows_per_group)s
)

select replace(coalesce(json_agg(json_build_array(
    grouped.entity, grouped.rule, grouped.group_rows, grouped.listed
) order by grouped.entity, grouped.rule), '[]')::text, '<', '\u003c') as section
from (
    select
        entity,
        rule,
        max(group_rows) as group_rows,
        json_agg(json_build_array(legacy_id, name, detail) order by legacy_id, detail) as listed
    from named
    group by entity, rule
) as grouped;

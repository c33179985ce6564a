-- Apply step 9: sequences past the legacy ids written, then the ledger:
-- the run and every row it created.
{{ apply_advance_sequence('nodes_node') }}
{{ apply_advance_sequence('net_device') }}
{{ apply_advance_sequence('net_interface') }}
{{ apply_advance_sequence('links_link') }}
{{ apply_advance_sequence('mailing_inward') }}

insert into migration.runs (started_at, legacy_source, legacy_timezone, outcome, counts, finished_at)
select
    now() as started_at,
    {{ "'" ~ (var('legacy_source', 'unknown') | replace("'", "''")) ~ "'" }} as legacy_source,
    {{ legacy_timezone() }} as legacy_timezone,
    'committed' as outcome,
    coalesce(
        (
            select jsonb_object_agg(table_name, jsonb_build_object('inserted', inserted, 'updated', updated)) as counts
            from apply_counts
        ),
        '{}'::jsonb
    ) as counts,
    clock_timestamp() as finished_at;

insert into migration.owned_rows (table_name, row_id, legacy_key, run_id)
select
    written.table_name,
    written.row_id,
    written.table_name || ':' || written.row_id as legacy_key,
    currval(pg_get_serial_sequence('migration.runs', 'run_id')) as run_id
from apply_written as written
where written.is_insert
on conflict (table_name, row_id) do nothing;

-- Apply step 900: sequences past the legacy ids written (the marts whose
-- plan says legacy_ids), then the ledger: the run and every row it created.
{{ apply_advance_sequences() }}

insert into migration.runs (started_at, legacy_source, legacy_timezone, outcome, counts, finished_at)
select
    now() as started_at,
    {{ "'" ~ (var('legacy_source', 'unknown') | replace("'", "''")) ~ "'" }} as legacy_source,
    {{ legacy_timezone() }} as legacy_timezone,
    'committed' as outcome,
    -- summed per table (macros/apply.sql, create_apply_counts)
    coalesce(
        (
            select
                jsonb_object_agg(
                    per_table.table_name,
                    jsonb_build_object(
                        'inserted', per_table.inserted, 'updated', per_table.updated, 'deleted', per_table.deleted
                    )
                ) as counts
            from apply_counts_per_table as per_table
        ),
        '{}'::jsonb
    ) as counts,
    clock_timestamp() as finished_at;

-- The rows this run created. Into an empty ledger (the first run: 5 M
-- rows at bench S2) they go without the primary key, which is then built
-- once over them. Into a ledger that has rows, the key stays, and a row
-- re-created after the site deleted it (already in the ledger) gets this
-- run's entry. Never an anti-join against the ledger while it is filled
-- without its key: the planner, which saw it empty, rescanned it for every
-- row. Within one run a row id is written once per table, so the rebuilt
-- key can only fail on a bug, and then the whole run rolls back.
create temporary view apply_created_rows as
select
    written.table_name,
    written.row_id,
    written.table_name || ':' || written.row_id as legacy_key,
    written.base_hash,
    -- a subquery: evaluated once, where the bare call looked the sequence
    -- up for each of the 5 M rows (10 s at bench S2)
    (select currval(pg_get_serial_sequence('migration.runs', 'run_id')) as current_run) as run_id
from apply_written as written
where written.is_insert;

-- How many entries the ledger received, for step 950.
create temporary table apply_ledger_written (
    entries bigint not null
) on commit drop;

do $ledger$
declare
    entries bigint;
begin
    if exists (select from migration.owned_rows) then
        -- A row created here that the ledger already has is one the site
        -- deleted after an earlier run created it, and that the legacy
        -- still has: written again (the legacy owns the map, as in the
        -- reference importer), listed, and recorded under this run. Left
        -- with the earlier run's entry, it failed step 950's proof.
        insert into migration.notices (entity, legacy_id, rule, detail)
        select
            created.table_name,
            created.row_id,
            'site_deletion_undone',
            format(
                '%s %s: the site had deleted this row, which run %s created; the legacy still has it, so it is'
                || ' written again - delete it in the legacy database too to keep it out',
                created.table_name, created.row_id, ledger.run_id
            )
        from apply_created_rows as created
        inner join migration.owned_rows as ledger
            on created.table_name = ledger.table_name and created.row_id = ledger.row_id;

        insert into migration.owned_rows (table_name, row_id, legacy_key, run_id, base_hash)
        select created.table_name, created.row_id, created.legacy_key, created.run_id, created.base_hash
        from apply_created_rows as created
        on conflict (table_name, row_id) do update set
            legacy_key = excluded.legacy_key,
            run_id = excluded.run_id,
            base_hash = excluded.base_hash;
        get diagnostics entries = row_count;
    else
        alter table migration.owned_rows drop constraint owned_rows_pkey;
        insert into migration.owned_rows (table_name, row_id, legacy_key, run_id, base_hash)
        select created.table_name, created.row_id, created.legacy_key, created.run_id, created.base_hash
        from apply_created_rows as created;
        get diagnostics entries = row_count;
        alter table migration.owned_rows
        add constraint owned_rows_pkey primary key (table_name, row_id);
    end if;
    insert into apply_ledger_written (entries) values (entries);
end
$ledger$;

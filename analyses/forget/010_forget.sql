-- `invoke forget --run ID`: remove, in one transaction, every target row
-- the given run created (from the ledger), with Django's cascades - the
-- honest version of the reference's "delete all imported data" (C.72),
-- which also deleted rows it had only updated. A profile the run created
-- is kept if it owns a node that remains (it would take that node with it),
-- and reported.
{{ take_migration_lock('false') }}

set local lock_timeout = '{{ var("lock_timeout", "30s") }}';

{{ apply_lock_tables() }}

{{ create_apply_counts() }}

create temporary table snap_deletions on commit drop as
select
    table_name,
    row_id::integer as id
from migration.owned_rows
where run_id = {{ var('forget_run_id') | int }};

{{ cascade_delete_network('snap_deletions') }}

{{ cascade_delete_profiles('snap_deletions', include_staff=true) }}

-- The ledger keeps only rows that still exist.
{{ ledger_forget_missing_rows() }}

update migration.runs
set outcome = 'forgotten'
where run_id = {{ var('forget_run_id') | int }};

do $kept$
declare
    kept text;
begin
    select string_agg(row_id::text, ', ' order by row_id) into kept
    from migration.owned_rows
    where run_id = {{ var('forget_run_id') | int }} and table_name = 'profiles_profile';
    if kept is not null then
        raise notice 'kept profiles % created by run {{ var("forget_run_id") | int }}: they own nodes that remain (deleting them would delete those nodes)', kept;
    end if;
end
$kept$;

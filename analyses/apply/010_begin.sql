-- Apply step 010: one migration at a time, bounded waits, bookkeeping tables.
-- A second `invoke migrate` fails fast here (SQLSTATE 55P03) instead of
-- interleaving its writes with ours, or waits its turn with --wait.
{{ take_migration_lock(flag('wait_for_lock')) }}

set local lock_timeout = '{{ var("lock_timeout", "30s") }}';
set local statement_timeout = 0;
set constraints all deferred;

-- The site keeps reading; its writes wait for our COMMIT (and are then
-- applied on top of ours, never lost). A site transaction holding a
-- conflicting lock longer than lock_timeout makes this run fail cleanly.
{{ apply_lock_tables() }}

{{ create_apply_counts() }}

create temporary table apply_written (
    table_name text not null,
    row_id bigint not null,
    is_insert boolean not null,
    base_hash bigint
) on commit drop;

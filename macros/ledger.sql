{#- Objects of schema `migration` that outlive a dbt build: the run ledger,
    the ownership ledger and the guarded cast helpers. Created (if missing)
    at the start of every dbt invocation; never dropped by dbt. -#}
{% macro create_ledger() %}
create schema if not exists migration;

create table if not exists migration.runs (
    run_id bigint generated always as identity primary key,
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    legacy_source text not null,
    legacy_timezone text not null,
    outcome text not null default 'running',
    counts jsonb not null default '{}'::jsonb
);
comment on table migration.runs is
'One row per committed nodeshot-migrate apply (dry runs and failures roll back and leave none).';

create table if not exists migration.owned_rows (
    table_name text not null,
    row_id bigint not null,
    legacy_key text not null,
    run_id bigint not null references migration.runs (run_id),
    primary key (table_name, row_id)
);
comment on table migration.owned_rows is
'Every target row the importer created, with the legacy row it came from and the run that created it.';

create or replace function migration.try_inet(value text) returns inet
language plpgsql immutable strict parallel safe as $fn$
begin
    return value::inet;
exception when others then
    return null;
end
$fn$;
{% endmacro %}

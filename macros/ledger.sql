{#- Objects of schema `migration` that outlive a dbt build: the run ledger,
    the ownership ledger and the guarded cast helpers. Created (if missing)
    at the start of every dbt invocation but `dbt test`; never dropped by dbt. -#}
{% macro create_ledger() %}
{#- Not for `dbt test`: tests only read what a build made, and the data
    tests that run beside the apply (nodeshot_migrate/gate.py) must not
    wait for the locks its transaction holds on the ledger. -#}
{%- if flags.WHICH == 'test' %}
select 1 as tests_only_read
{%- else %}
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
    run_id bigint not null,
    primary key (table_name, row_id)
);
comment on table migration.owned_rows is
'Every target row the importer created, with the legacy row it came from and the run that created it.';
-- run_id is written by the apply in the same transaction as its run (and
-- runs are never deleted); a foreign key checked it once per ledger row,
-- 11 s of a 5 M-row first run (bench S2). The relationships test on the
-- ledger source checks it at every build instead. Ledgers created before
-- lose the constraint here.
alter table migration.owned_rows drop constraint if exists owned_rows_run_id_fkey;

-- The base of the three-way sync (issue 17, macros/sync.sql): a hash of
-- the legacy-derived values of the row, as the importer last wrote or
-- last saw them unchanged. NULL for a row written before bases existed
-- (its next legacy-side write records one) and for tables with no upsert.
alter table migration.owned_rows add column if not exists base_hash bigint;

-- The inputs a run read, for `invoke sync` to skip a run whose inputs
-- have not changed since the last committed one (nodeshot_migrate/
-- fingerprint.py). Recorded by the apply, inside its transaction, after
-- its own writes.
alter table migration.runs add column if not exists input_fingerprint text;

-- A digest of everything a run reads: the tables the models read (every
-- dbt source but migration.runs, which stores the digest), the tables the
-- apply writes (owned_tables), and `settings` (the project's files and the
-- run's options, hashed by the caller). Per legacy_raw table (rewritten by
-- every load): row count, and the xor and the sum of a 64- and a 32-bit
-- hash of each row's text, so that row order does not matter and any
-- changed, added or removed row changes the digest. Per other table: row
-- count and the sum of the rows' xmin, which every insert or update
-- changes (measured at S1: 15-30 ms a table instead of 200 ms for hashing
-- the rows' text). Tables the target lacks (optional apps) are skipped.
{%- set inputs = [] %}
{%- for source in graph.get('sources', {}).values() if (source.schema ~ '.' ~ source.identifier) != 'migration.runs' %}
{%- do inputs.append(source.schema ~ '.' ~ source.identifier) %}
{%- endfor %}
{%- for table in owned_tables().split(',') | map('trim') %}
{%- do inputs.append(var('app_schema', 'public') ~ '.' ~ table) %}
{%- endfor %}
-- The tables a run reads that this target has.
create or replace function migration.input_relations() returns setof regclass
language sql stable as $fn$
    select distinct to_regclass(name) as relation
    from unnest(string_to_array('{{ inputs | unique | join(",") }}', ',')) as name
    where to_regclass(name) is not null
$fn$;

-- One table's part of the digest, as said above.
create or replace function migration.table_digest(relation regclass) returns text
language plpgsql stable as $fn$
declare
    part text;
begin
    if relation::text like 'legacy_raw.%' then
        execute format(
            'select concat_ws('':'', %L, count(*), coalesce(bit_xor(hashtextextended(t::text, 0)), 0),'
            ' coalesce(sum(hashtext(t::text)), 0)) from %s as t',
            relation, relation
        ) into part;
    else
        execute format(
            'select concat_ws('':'', %L, count(*), coalesce(sum(t.xmin::text::bigint), 0)) from %s as t',
            relation, relation
        ) into part;
    end if;
    return part;
end
$fn$;

-- The legacy tables' part: the costly one (every row's text hashed, 1.7 s
-- at bench S2). The apply has it computed on another connection while dbt
-- compiles the apply SQL, a phase that leaves a core idle, and passes it
-- in as `legacy` (nodeshot_migrate/fingerprint.py): only our own load
-- writes legacy_raw, and it is over by then.
create or replace function migration.legacy_digest() returns text
language sql stable as $fn$
    select string_agg(migration.table_digest(relation), '|' order by relation::text)
    from migration.input_relations() as relation
    where relation::text like 'legacy_raw.%'
$fn$;

drop function if exists migration.input_fingerprint(text);
create or replace function migration.input_fingerprint(settings text, legacy text default null) returns text
language sql stable as $fn$
    select md5(concat_ws(
        '|',
        settings,
        coalesce(legacy, migration.legacy_digest()),
        (
            select string_agg(migration.table_digest(relation), '|' order by relation::text)
            from migration.input_relations() as relation
            where relation::text not like 'legacy_raw.%'
        )
    ))
$fn$;

-- The state of every table the marts read but the legacy copy (the
-- application tables and the ledger), digested as above.
-- record_build_state() keeps it when a build starts; the apply compares it
-- under its locks to know whether the frozen marts still hold
-- (materializations/frozen_view.sql).
create or replace function migration.app_state() returns text
language sql stable as $fn$
    select md5(coalesce(string_agg(migration.table_digest(relation), '|' order by relation::text), ''))
    from migration.input_relations() as relation
    where relation::text not like 'legacy_raw.%'
$fn$;

create table if not exists migration.build_state (
    started_at timestamptz not null default clock_timestamp(),
    app_state text not null
);
comment on table migration.build_state is
'The state of the application tables when the last dbt build started (the apply reads the frozen marts only if it is unchanged).';

-- Django's EmailValidator as the importer needs it: user@domain.tld, at
-- most 254 characters. A plpgsql function, never inlined, on purpose: the
-- planner gives an opaque boolean function a selectivity of 1/3, where the
-- bare regular expression got ~0.00006 and made it plan a nested loop over
-- 50,000 x 50,000 profiles at S2 (a 241 s data test).
create or replace function migration.is_email(value text) returns boolean
language plpgsql immutable parallel safe as $fn$
begin
    return coalesce(value, '') ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:].]+$'
        and length(value) <= 254;
end
$fn$;

-- parallel unsafe: an EXCEPTION block starts a subtransaction, which a
-- parallel query refuses ("cannot start subtransactions during a parallel
-- operation"); marked safe, any parallel plan over it would fail the build
-- (a parallel count over the S2 IPv6 addresses did).
create or replace function migration.try_inet(value text) returns inet
language plpgsql immutable strict parallel unsafe as $fn$
begin
    return value::inet;
exception when others then
    return null;
end
$fn$;
{%- endif %}
{% endmacro %}

{#- The target tables whose rows the importer creates and records in the
    ledger: the marts of the apply plan that it writes and owns (meta
    apply `owned`, true unless said otherwise), in plan order,
    comma-separated (callers split it; a macro's text is what sqlfluff's
    templater can pass between macros). -#}
{% macro owned_tables() -%}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan if entry.owned %}{{ entry.name }}{{ ',' if not loop.last }}{% endfor -%}
{%- endmacro %}


{#- Drop ledger entries of rows that no longer exist (deleted by a run's
    cascades, by `invoke forget`, or by the site itself). -#}
{% macro ledger_forget_missing_rows() %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan if entry.owned %}
{%- set table, key = entry.name, entry.key %}
{%- set rel = app_table(table) %}
{%- if rel is not none %}
delete from migration.owned_rows as ledger
where
    ledger.table_name = '{{ table }}'
    and not exists (
        select 1 as is_present from {{ rel }} as app
        where app.{{ key }} = ledger.row_id
    );
{%- endif %}
{%- endfor %}
{% endmacro %}


{#- on-run-start: a build or run records the state of the tables the marts
    read before it reads them (materializations/frozen_view.sql); other commands leave it. -#}
{% macro record_build_state() %}
{%- if flags.WHICH in ('build', 'run') %}
delete from migration.build_state;
insert into migration.build_state (app_state) select migration.app_state();
{%- else %}
select 1 as nothing_to_record
{%- endif %}
{% endmacro %}

{#- First-run bulk mode of the apply (issue 6).

    Django declares every foreign key DEFERRABLE INITIALLY DEFERRED, so
    each inserted row queues a check that runs at COMMIT, one index probe
    per row and per key: 29 s of a first run at bench S2 (5 M rows).
    Adding a foreign key instead checks the whole table in one join (7 s
    for the same 28 keys). So, for a table that is empty when the apply
    starts and receives at least `min_rows` rows (var bulk_min_rows; the first
    migration),
    the foreign keys between the importer's own tables are dropped before
    the first write and added back, with the same name and definition,
    after the last one, in the same transaction: a failed or declined run
    rolls the DDL back with everything else, and a row that breaks a key
    fails the run at the re-add exactly as it would at COMMIT.

    Cost: DROP CONSTRAINT takes ACCESS EXCLUSIVE on the table and on the
    table it references until COMMIT, so the site cannot read those tables
    during a first migration (it could not see their rows before COMMIT
    anyway). Keys to the site's own tables (layers, statuses, groups,
    content types, topologies) keep their per-row checks: those tables
    stay readable. A re-run (sync) writes into non-empty tables and never
    takes this path. -#}

{% macro apply_bulk_constraints_off(min_rows=none) %}
{%- set min_rows = var('bulk_min_rows', 10000) if min_rows is none else min_rows %}
{%- set owned = [] %}
{%- for table in owned_tables().split(',') | map('trim') %}
{%- if app_table(table) is not none %}{% do owned.append(table) %}{% endif %}
{%- endfor %}
create temporary table apply_dropped_keys (
    child regclass not null,
    constraint_name name not null,
    definition text not null
) on commit drop;

do $bulk$
declare
    key record;
    bulk boolean;
begin
    for key in
        select
            c.conrelid::regclass as child,
            c.conname as constraint_name,
            pg_get_constraintdef(c.oid) as definition,
            child_class.relname as child_table
        from pg_catalog.pg_constraint as c
        inner join pg_catalog.pg_class as child_class on c.conrelid = child_class.oid
        inner join pg_catalog.pg_class as parent_class on c.confrelid = parent_class.oid
        inner join pg_catalog.pg_namespace as child_schema on child_class.relnamespace = child_schema.oid
        inner join pg_catalog.pg_namespace as parent_schema on parent_class.relnamespace = parent_schema.oid
        where
            c.contype = 'f'
            and child_schema.nspname = '{{ var("app_schema", "public") }}'
            and parent_schema.nspname = '{{ var("app_schema", "public") }}'
            and child_class.relname = any(string_to_array('{{ owned | join(",") }}', ','))
            and parent_class.relname = any(string_to_array('{{ owned | join(",") }}', ','))
        order by c.conrelid::regclass::text, c.conname
    loop
        execute format(
            'select not exists (select from %s) and (select count(*) from %I) >= %s',
            key.child, 'snap_' || key.child_table, {{ min_rows }}
        ) into bulk;
        if bulk then
            insert into apply_dropped_keys values (key.child, key.constraint_name, key.definition);
            execute format('alter table %s drop constraint %I', key.child, key.constraint_name);
        end if;
    end loop;
end
$bulk$;
{% endmacro %}

{#- Put back the keys apply_bulk_constraints_off dropped; each ADD checks
    every row of its table in one query. PostgreSQL refuses to alter a
    table with checks still queued (the per-row checks of the keys that
    stayed), so those run first: they would have run at COMMIT. -#}
{% macro apply_bulk_constraints_on() %}
set constraints all immediate;

do $bulk$
declare
    key record;
begin
    for key in select * from apply_dropped_keys order by child::text, constraint_name loop
        execute format('alter table %s add constraint %I %s', key.child, key.constraint_name, key.definition);
    end loop;
    if found then
        raise notice 'first-run bulk mode: % foreign keys checked in one pass each',
            (select count(*) from apply_dropped_keys);
    end if;
end
$bulk$;

set constraints all deferred;
{% endmacro %}

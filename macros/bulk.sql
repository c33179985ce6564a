{#- First-run bulk mode of the apply (issue 6).

    Django declares every foreign key DEFERRABLE INITIALLY DEFERRED, so
    each inserted row queues a check that runs at COMMIT, one index probe
    per row and per key: 29 s of a first run at bench S2 (5 M rows).
    Adding a foreign key instead checks the whole table in one join (4-7 s
    for the 22 keys concerned). Likewise an index built once after the
    rows costs less than one kept up to date row by row. So, for each of
    the importer's tables that is empty when the apply starts and receives
    at least `min_rows` rows (var bulk_min_rows: the first migration),
      * the foreign keys from it to the importer's other tables, and
      * its plain indexes (not unique, not behind a constraint)
    are dropped before the first write and created again, with the same
    name and definition, after the last one, in the same transaction: a
    failed or declined run rolls the DDL back with everything else, and a
    row that breaks a key fails the run there exactly as it would at
    COMMIT.

    Cost: dropping them takes ACCESS EXCLUSIVE locks until COMMIT on those
    tables and on the tables their keys reference (profiles_profile among
    them), so the site cannot read those tables during a first migration.
    Keys to the site's own tables (layers, statuses, groups, content
    types, topologies) keep their per-row checks: those tables stay
    readable. A re-run (sync) writes into non-empty tables and never takes
    this path. A table the run's role does not own (README "Roles") stays
    row by row, with a notice: only its owner may drop its keys and indexes
    (issue 19). -#}

{% macro apply_bulk_constraints_off(min_rows=none) %}
{%- set min_rows = var('bulk_min_rows', 10000) if min_rows is none else min_rows %}
{%- set owned = [] %}
{%- for table in owned_tables().split(',') | map('trim') %}
{%- if app_table(table) is not none %}{% do owned.append(table) %}{% endif %}
{%- endfor %}
-- The importer's tables that are empty and receive at least min_rows rows.
create temporary table apply_bulk_tables (
    relation regclass not null,
    table_name name not null
) on commit drop;

create temporary table apply_dropped_keys (
    child regclass not null,
    constraint_name name not null,
    definition text not null
) on commit drop;

create temporary table apply_dropped_indexes (
    index_name text not null,
    definition text not null
) on commit drop;

do $bulk$
declare
    owned text;
    relation regclass;
    bulk boolean;
    key record;
    dropped record;
begin
    foreach owned in array string_to_array('{{ owned | join(",") }}', ',') loop
        relation := to_regclass(format('%I.%I', '{{ var("app_schema", "public") }}', owned));
        execute format(
            'select not exists (select from %s) and (select count(*) from %I) >= %s',
            relation, 'snap_' || owned, {{ min_rows }}
        ) into bulk;
        -- Dropping a table's keys and indexes needs its owner: a role that
        -- only has read/write grants (README "Roles") writes row by row.
        if bulk and not pg_has_role(
            current_user, (select pg_class.relowner from pg_catalog.pg_class where pg_class.oid = relation), 'usage'
        ) then
            raise notice 'first-run bulk mode off for %: role % does not own it, its rows are written one by one',
                owned, current_user;
            bulk := false;
        end if;
        if bulk then
            insert into apply_bulk_tables values (relation, owned);
        end if;
    end loop;

    for key in
        select
            c.conrelid::regclass as child,
            c.conname as constraint_name,
            pg_get_constraintdef(c.oid) as definition
        from pg_catalog.pg_constraint as c
        inner join apply_bulk_tables as bulk_tables on c.conrelid = bulk_tables.relation
        inner join pg_catalog.pg_class as parent_class on c.confrelid = parent_class.oid
        where
            c.contype = 'f'
            and parent_class.relnamespace = '{{ var("app_schema", "public") }}'::regnamespace
            and parent_class.relname = any(string_to_array('{{ owned | join(",") }}', ','))
            -- adding the key back needs REFERENCES on its parent; without
            -- it the key stays and checks row by row
            and has_table_privilege(c.confrelid, 'references')
        order by c.conrelid::regclass::text, c.conname
    loop
        insert into apply_dropped_keys values (key.child, key.constraint_name, key.definition);
        execute format('alter table %s drop constraint %I', key.child, key.constraint_name);
    end loop;

    -- Their plain indexes (not unique, not behind a constraint: the
    -- upserts need those) are built once after the rows as well.
    for dropped in
        select
            i.indexrelid::regclass::text as index_name,
            pg_get_indexdef(i.indexrelid) as definition
        from pg_catalog.pg_index as i
        inner join apply_bulk_tables as bulk_tables on i.indrelid = bulk_tables.relation
        where
            not i.indisunique
            and not exists (select from pg_catalog.pg_constraint as c where c.conindid = i.indexrelid)
        order by 1
    loop
        insert into apply_dropped_indexes values (dropped.index_name, dropped.definition);
        execute format('drop index %s', dropped.index_name);
    end loop;
end
$bulk$;
{% endmacro %}

{#- Put back the keys and indexes apply_bulk_constraints_off dropped; each
    ADD checks every row of its table in one query, each index is built
    over all its rows at once. PostgreSQL refuses to alter a
    table with checks still queued (the per-row checks of the keys that
    stayed), so those run first: they would have run at COMMIT. -#}
{% macro apply_bulk_constraints_on() %}
set constraints all immediate;
set local maintenance_work_mem = '512MB';

do $bulk$
declare
    key record;
begin
    for key in select * from apply_dropped_keys order by child::text, constraint_name loop
        execute format('alter table %s add constraint %I %s', key.child, key.constraint_name, key.definition);
    end loop;
    for key in select * from apply_dropped_indexes order by index_name loop
        execute key.definition;
    end loop;
    if exists (select from apply_bulk_tables) then
        raise notice 'first-run bulk mode: % foreign keys checked and % indexes built in one pass each',
            (select count(*) from apply_dropped_keys), (select count(*) from apply_dropped_indexes);
    end if;
end
$bulk$;

set constraints all deferred;
{% endmacro %}

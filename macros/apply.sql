{#- The apply step: SQL that `invoke migrate` runs in ONE transaction after
    `dbt build` passed. dbt compiles analyses/apply/*.sql (which call these
    macros) and invoke executes the compiled files in name order on a single
    connection, then COMMITs or ROLLs BACK. Nothing here runs inside dbt's
    own transactions. -#}

{#- The target (application) table `table` as a relation, or none when the
    site lacks it (an optional app not installed). It asks the catalog
    itself instead of adapter.get_relation: dbt compiles the apply files in
    parallel threads, and a thread that misses dbt's relation cache for the
    app schema while another fills it can be told a present table is absent
    (seen as an apply that silently skipped nodes_node). A table the
    pre-flight requires can never be skipped: its absence stops the compile. -#}
{% macro app_table(table) %}
{%- if run_query is not defined -%}
{#- sqlfluff's templater, linting without a database (no dbt `return`
    across macros there): the quoted name stands in for the relation. -#}
"public"."{{ table }}"
{%- else -%}
{%- if not execute %}{{ return(none) }}{% endif -%}
{%- set schema = var('app_schema', 'public') -%}
{%- set found = run_query(
    "select count(*) from pg_catalog.pg_class as c"
    ~ " inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid"
    ~ " where n.nspname = '" ~ schema ~ "' and c.relname = '" ~ table ~ "'"
    ~ " and c.relkind in ('r', 'p')"
) -%}
{%- if found.columns[0].values()[0] | int > 0 %}
{{ return(api.Relation.create(database=target.database, schema=schema, identifier=table, type='table')) }}
{%- elif table in required_app_tables() %}
{{ exceptions.raise_compiler_error("the target has no table " ~ schema ~ "." ~ table ~ ", which nodeshot 1.x always has: is this a migrated nodeshot database?") }}
{%- endif %}
{{ return(none) }}
{%- endif -%}
{% endmacro %}

{#- Tables every nodeshot 1.x database has: the tables of source `app`
    marked `required: true` (models/staging/app/_app__sources.yml), which
    nodeshot_migrate/plan.py reads for the pre-flight before the build. -#}
{% macro required_app_tables() %}
{%- set required = [] -%}
{%- for source in graph.get('sources', {}).values() if source.source_name == 'app' and (source.config.meta or {}).get('required') -%}
{%- do required.append(source.name) -%}
{%- endfor -%}
{{ return(required | sort) }}
{% endmacro %}

{#- The target table rendered as its quoted name, for analyses. -#}
{% macro app_relation(table) -%}
    {{- app_table(table) -}}
{%- endmacro %}

{#- Freeze a mart: the marts read the application tables, so each is copied
    once, before the first write, into a temporary table snap_<mart>, with
    statistics (without them the planner took a million-row snapshot for
    an empty one and merge-joined it through sorts spilled to disk).
    A frozen_view mart (materializations/frozen_view.sql) is a table the build filled:
    when the tables it read have not changed since the build started
    (apply_build_state), snap_<mart> is only a name for it; otherwise it is
    derived again from its __live view, like a plain view mart. A mart the
    build stored as a plain table (rejects, notices, reconciliation) reads
    only the build's own tables and frozen marts: a name for it too. -#}
{% macro apply_snapshot(mart) %}
{%- set relation = plan_relation(mart) %}
do $snapshot$
declare
    live regclass := to_regclass('{{ live_relation(mart, relation) }}');
begin
    if (live is not null and (select build.is_unchanged from apply_build_state as build))
        or (live is null and (
            select stored.relkind from pg_catalog.pg_class as stored where stored.oid = '{{ relation }}'::regclass
        ) = 'r')
    then
        create temporary view snap_{{ mart }} as select * from {{ relation }};
    else
        execute format(
            'create temporary table snap_{{ mart }} on commit drop as select * from %s',
            coalesce(live, '{{ relation }}'::regclass)
        );
        analyze snap_{{ mart }};
    end if;
end
$snapshot$;
{% endmacro %}

{#- Step 020: every mart of the apply plan frozen, in plan order. -#}
{% macro apply_snapshots() %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan %}
{{ apply_snapshot(entry.name) }}
{%- endfor %}
{% endmacro %}

{#- The name of the live view of frozen_view mart `identifier`
    (materializations/frozen_view.sql creates it under this name). -#}
{% macro live_identifier(identifier) -%}
{{ identifier }}__live
{%- endmacro %}

{#- The live view of a frozen_view mart, schema-qualified. `relation` is
    the mart's relation when the caller has it already (the apply, which
    cannot ref() the marts it learns from the plan); models pass only the
    name, and their ref() puts the mart in their lineage. -#}
{% macro live_relation(mart, relation=none) -%}
{%- if run_query is not defined -%}
migration.{{ live_identifier(mart) }}
{%- elif relation is none and ref(mart).is_cte -%}
{#- a dbt unit test, where ref() is the test's fixture (a CTE): read it -#}
{{ ref(mart) }}
{%- else -%}
{{ (relation or ref(mart)).include(database=false).incorporate(path={'identifier': live_identifier(mart)}) }}
{%- endif -%}
{%- endmacro %}

{#- The apply's maps: the new ids of a table's rows (apply_allocate_ids)
    and, for a shortcut reference, the new id of each reference
    (apply_write). Ordinary unlogged tables in schema migration, not
    temporary ones: the marts' side of the proof's digests (step 950)
    joins them to a million rows, and a temporary table is read by its own
    session only, so that side ran without parallel workers (4.7 s against
    1.5 s for the tables' side at bench S2). They are created inside the
    apply's transaction, which no other session sees until COMMIT, and
    dropped before it (apply_drop_maps); a rollback removes them too. Two
    applies never run at once on one target (the locks of step 010). -#}
{% macro id_map(table) -%}
migration.apply_idmap_{{ table }}
{%- endmacro %}

{% macro reference_map(table, kind) -%}
migration.apply_refmap_{{ table }}_{{ kind }}
{%- endmacro %}

{#- Drop every map of this apply (see id_map), before COMMIT, with the
    temporary views over them (legacy_<table>, merged_<table>), which
    nothing reads after the proof. Their NOTICEs ("drop cascades to ...")
    are not shown: apply.py prints the server's notices as the run's. -#}
{% macro apply_drop_maps() %}
do $drop_maps$
declare
    shown text := current_setting('client_min_messages');
    map record;
begin
    perform set_config('client_min_messages', 'warning', true);
    for map in
        select maps.relname
        from pg_catalog.pg_class as maps
        inner join pg_catalog.pg_namespace as namespaces on maps.relnamespace = namespaces.oid
        where
            namespaces.nspname = 'migration'
            and maps.relkind = 'r'
            and (maps.relname like 'apply\_idmap\_%' or maps.relname like 'apply\_refmap\_%')
    loop
        execute format('drop table migration.%I cascade', map.relname);
    end loop;
    perform set_config('client_min_messages', shown, true);
end
$drop_maps$;
{% endmacro %}

{#- New ids for the rows of snap_<table> whose id is a provisional negative
    number, in its id map. A real run takes them from
    the table's sequence (safe against the site's own concurrent inserts);
    a dry run numbers them past max(id) and leaves the sequence untouched,
    so that a rolled-back dry run changes nothing at all. The sequence is
    looked up once, in a scalar subquery: pg_get_serial_sequence() is only
    stable, so as nextval's argument it ran a catalog lookup for every row
    (2.8 s per million ids against 0.6 s). The map is analyzed: without
    statistics the planner hashed the whole snapshot against it. -#}
{% macro apply_allocate_ids(table) %}
{%- set rel = app_table(table) -%}
create unlogged table {{ id_map(table) }} as
select
    provisional.id as provisional_id,
    {%- if var('dry_run') | string | lower in ('true', '1') %}
    (select coalesce(max(existing.id), 0) from {{ rel }} as existing)
    + row_number() over (order by provisional.id desc) as id
    {%- else %}
    nextval((select pg_get_serial_sequence('{{ rel }}', 'id'))::regclass) as id
    {%- endif %}
from (
    select id from snap_{{ table }}
    where id < 0
    order by id desc
) as provisional;
analyze {{ id_map(table) }};
{% endmacro %}

{#- True when `table` is in bulk mode in this apply (step 022,
    macros/bulk.sql: empty when the apply started, locked until COMMIT);
    uncorrelated, so the planner tests it once a statement. -#}
{% macro in_bulk_mode(table) -%}
exists (select from apply_bulk_tables as bulk_tables where bulk_tables.table_name = '{{ table }}')
{%- endmacro %}

{#- Write snap_<table> into the application table:
      * ids: provisional ones replaced through the table's id map;
      * remap: {column: other table} replaces provisional foreign keys
        through the id map of the other table;
      * repoint: {column: temporary table of ids} writes NULL instead of
        a reference to a row this run deletes afterwards (a contact of a
        profile step 080 deletes keeps its row, with no user: issue 17);
      * shortcuts: {kind: other table} replaces, in the `shortcuts` hstore,
        a reference (macros/references.sql) to a row created in this run,
        which carries its provisional id, by its real id from
        the other table's id map. Done in the insert itself: an UPDATE after it
        rewrote every device and interface of a first run (22 s of the
        apply at bench S2). The references are joined through an analyzed
        map (reference_map): joined on an expression over the id
        map, they had no statistics, and the planner merge-joined the
        snapshot sorted by reference (a sort spilled to disk, then index
        inserts in random id order: net_interface 7.2 s against 4.1 s);
      * upsert: existing rows the importer owns are merged three ways
        (macros/sync.sql: legacy now, the base the ledger recorded, the
        site now) into merged_<table>, and updated only where a value
        differs, so a run with nothing new rewrites nothing;
        site_columns are the columns the mart copies from the site's row
        (left out of the base), credentials those never overwritten on a
        row that exists;
      * key: the primary key column. Only `id` (the default) is allocated
        from the sequence; another key (the multi-table-inheritance
        children's `interface_ptr_id`, which is the parent's id) is written
        as it is and only serves as the conflict target.
    legacy_<table> is the mart with real ids (what the legacy says now),
    merged_<table> what this run means to write: step 950 (macros/sync.sql)
    checks the target against it. Counts go to apply_counts, written ids
    (with the base of a created row) to apply_written (ledger). -#}
{% macro apply_write(table, remap={}, upsert=false, key='id', shortcuts={}, repoint={}, site_columns=[], credentials=[]) %}
{%- set rel = app_table(table) -%}
{%- if rel is none %}
-- {{ table }}: not present on this target (app not installed), nothing to write.
{%- else %}
{%- set columns = adapter.get_columns_in_relation(plan_relation(table)) | map(attribute='name') | list -%}
{%- set others = columns | reject('equalto', key) | list -%}
{#- the columns a base hash covers: all but the key and site_columns -#}
{%- set hashed = others | reject('in', site_columns) | list -%}
{#- (sqlfluff's templater has no dbt `return` across macros) -#}
{%- set types = app_column_types(table) if run_query is defined else {} -%}
{%- if key == 'id' %}
{{ apply_allocate_ids(table) }}
{%- endif %}
{%- for kind, other in shortcuts.items() %}
create unlogged table {{ reference_map(table, kind) }} as
select
    {{ shortcut_reference(kind, 'idmap.provisional_id') }} as reference,
    idmap.id
from {{ id_map(other) }} as idmap;
analyze {{ reference_map(table, kind) }};
{%- endfor %}
create temporary view legacy_{{ table }} as
select
    {%- for column in columns %}
    {%- if column == 'id' and key == 'id' %}
    coalesce(idmap.id, snap.id)
    {%- elif column in repoint %}
    case
        when snap.{{ adapter.quote(column) }} in (select repointed.id from {{ repoint[column] }} as repointed) then null
        else {{ ('coalesce(map_' ~ column ~ '.id, snap.' ~ adapter.quote(column) ~ ')') if column in remap else 'snap.' ~ adapter.quote(column) }}
    end
    {%- elif column in remap %}
    coalesce(map_{{ column }}.id, snap.{{ adapter.quote(column) }})
    {%- elif column == 'shortcuts' and shortcuts %}
    snap.shortcuts
    {%- for kind in shortcuts %}
    || case
        when shortcut_{{ kind }}.id is null then ''::hstore
        else hstore('{{ kind }}', {{ shortcut_reference(kind, 'shortcut_' ~ kind ~ '.id') }})
    end
    {%- endfor %}
    {%- else %}
    snap.{{ adapter.quote(column) }}
    {%- endif %} as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
    {%- endfor %}
from snap_{{ table }} as snap
{%- if key == 'id' %}
left join {{ id_map(table) }} as idmap
    on snap.id = idmap.provisional_id
{%- endif %}
{%- for column, other in remap.items() %}
left join {{ id_map(other) }} as map_{{ column }}
    on snap.{{ column }} = map_{{ column }}.provisional_id
{%- endfor %}
{%- for kind in shortcuts %}
left join {{ reference_map(table, kind) }} as shortcut_{{ kind }}
    on snap.shortcuts -> '{{ kind }}' = shortcut_{{ kind }}.reference
{%- endfor %};
{%- if upsert and others | length > 0 %}
{{ apply_merge(table, rel, key, columns, hashed, types, credentials) }}
{%- else %}
create temporary view merged_{{ table }} as
select * from legacy_{{ table }};
{%- endif %}
{#- Two statements for an upsert table, one of which writes nothing: into
    a table of bulk mode (empty when the apply started, locked until
    COMMIT: macros/bulk.sql) a plain INSERT, since no row can conflict;
    elsewhere INSERT ... ON CONFLICT, whose speculative insertion costs
    more: 6.4 s against 4.5 s for the 930,000 interfaces of bench S2. -#}
{%- set change = var('apply_change_value', none) %}
{#- the row the test hooks below break: the first of merged_<table> -#}
{%- set first_key = '(select min(first.' ~ adapter.quote(key) ~ ') from merged_' ~ table ~ ' as first)' %}
{%- for mode in (['bulk', 'upsert'] if upsert else ['plain']) %}
with written as (
    insert into {{ rel }} as app (
        {%- for column in columns %}
        {{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
    select
        {%- for column in columns %}
        {%- if change is mapping and change.get('table') == table and change.get('column') == column %}
        -- Test hook (var apply_change_value): a broken step that writes one
        -- value wrong, for the proof of step 950 to catch.
        case
            when merged.{{ adapter.quote(key) }} = {{ first_key }}
                then {{ "'" ~ (change.get('value') | replace("'", "''")) ~ "'" }}
            else merged.{{ adapter.quote(column) }}
        end{{ ',' if not loop.last }}
        {%- else %}
        merged.{{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from merged_{{ table }} as merged
    where
        {%- if mode == 'plain' %}
        true
        {%- else %}
        {{ '' if mode == 'bulk' else 'not ' }}{{ in_bulk_mode(table) }}
        {%- endif %}
        {%- if var('apply_skip_row', '') == table %}
        -- Test hook (var apply_skip_row): a broken step that loses one row,
        -- for the proof of step 950 to catch.
        and merged.{{ adapter.quote(key) }} <> {{ first_key }}
        {%- endif %}
    {%- if mode == 'upsert' and others | length == 0 %}
    on conflict ({{ adapter.quote(key) }}) do nothing
    {%- elif mode == 'upsert' %}
    on conflict ({{ adapter.quote(key) }}) do update set
        {%- for column in others %}
        {{ adapter.quote(column) }} = excluded.{{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
    where
        ({% for column in others %}app.{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %})
        is distinct from
        ({% for column in others %}excluded.{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- endif %}
    returning
        app.{{ adapter.quote(key) }} as id,
        (app.xmax = 0) as is_insert,
        {%- if upsert and others | length > 0 %}
        case when app.xmax = 0 then {{ row_hash('app', hashed, types, table) }} end as base_hash
        {%- else %}
        null::bigint as base_hash
        {%- endif %}
),

recorded as (
    insert into apply_written (table_name, row_id, is_insert, base_hash)
    select '{{ table }}', written.id, written.is_insert, written.base_hash
    from written
    returning is_insert
)

insert into apply_counts (table_name, inserted, updated)
select
    '{{ table }}',
    count(*) filter (where is_insert),
    count(*) filter (where not is_insert)
from recorded;
{%- endfor %}
{%- if upsert and others | length > 0 %}
{{ apply_record_base(table) }}
{%- endif %}
{%- endif %}
{% endmacro %}

{#- Move a sequence past the explicit (legacy) ids just written, as
    bad-inputs 33 says; a dry run leaves sequences alone. -#}
{% macro apply_advance_sequence(table) %}
{%- set rel = app_table(table) -%}
{%- if rel is not none and var('dry_run') | string | lower not in ('true', '1') %}
select setval(
    pg_get_serial_sequence('{{ rel }}', 'id'),
    greatest(
        (select coalesce(max(id), 1) from {{ rel }}),
        coalesce(pg_sequence_last_value(pg_get_serial_sequence('{{ rel }}', 'id')::regclass), 1)
    ),
    true
);
{%- endif %}
{% endmacro %}

{#- Every sequence of a table whose plan says legacy_ids, in plan order. -#}
{% macro apply_advance_sequences() %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan if entry.legacy_ids %}
{{ apply_advance_sequence(entry.name) }}
{%- endfor %}
{% endmacro %}

{#- One migration at a time per target database: the advisory lock every
    apply and `invoke forget` takes first. `wait` is SQL true/false: wait
    for the running one (--wait), or fail fast with SQLSTATE 55P03, which
    apply.py reports as "locked" (exit 5). -#}
{% macro take_migration_lock(wait) -%}
do $lock$
begin
    if {{ wait }} then
        perform pg_advisory_xact_lock(hashtext('nodeshot-migrate'));
    elsif not pg_try_advisory_xact_lock(hashtext('nodeshot-migrate')) then
        raise exception using
            errcode = '55P03',
            message = 'another nodeshot-migrate run holds the migration lock on this database';
    end if;
end
$lock$;
{%- endmacro %}

{#- apply_counts: one row per statement that wrote (a table written, then
    cascade-deleted from, has two), filled by apply_write and
    cascade_delete_in. apply_counts_per_table sums them per table, the
    one place where they are summed: migration.runs.counts (step 900), the
    proof (step 950) and the summary apply.py prints read it (issue 17:
    with the last statement's row alone, 'profiles_profile: inserted 0').
    first_row keeps the order in which the tables were first written. -#}
{% macro create_apply_counts() %}
create temporary table apply_counts (
    table_name text not null,
    inserted bigint not null,
    updated bigint not null,
    deleted bigint not null default 0
) on commit drop;

create temporary view apply_counts_per_table as
select
    table_name,
    sum(inserted)::bigint as inserted,
    sum(updated)::bigint as updated,
    sum(deleted)::bigint as deleted,
    min(ctid) as first_row
from apply_counts
group by table_name;
{% endmacro %}

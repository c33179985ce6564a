{#- The three-way sync (issue 17) and the proof of the target before
    COMMIT. A row the importer owns is compared three ways: what the legacy
    says now (legacy_<table>), the base (migration.owned_rows.base_hash: a
    hash of the legacy-derived values the importer last wrote, or last saw
    unchanged) and what the site holds now. The legacy decides whether the
    row changed; the site keeps everything the legacy did not change. -#}

{#- {column: its exact type in the application table}, so that both sides
    of a hash are rendered as text from the same type (a mart column may be
    text where the table has varchar(75), or integer for a smallint). -#}
{% macro app_column_types(table) %}
{%- if run_query is not defined or not execute %}{{ return({}) }}{% endif -%}
{%- set found = run_query(
    "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute as a"
    ~ " where a.attrelid = to_regclass('" ~ var('app_schema', 'public') ~ "." ~ table ~ "')"
    ~ " and a.attnum > 0 and not a.attisdropped"
) -%}
{%- set types = {} -%}
{%- for row in found.rows %}{% do types.update({row[0]: row[1]}) %}{% endfor -%}
{{ return(types) }}
{% endmacro %}

{#- One column's legacy-derived part as text (for the notices that quote
    it), from `alias`, cast to the table's type when `types` has it. -#}
{% macro base_part(table, alias, column, types) -%}
{{ base_value(table, alias, column, types, as_text=true) }}
{%- endmacro %}

{#- The base hash of a row: its legacy-derived columns, each in the
    table's own type (`types`), hashed together by the types' own hash
    functions (one bigint a row, next to the ledger). A geometry, whose
    type has no extended hash function, is hashed as its EWKB bytes, its
    cast to bytea (the bytes st_asewkb returns, at a third of the cost:
    0.2 s against 0.55 s over the 483,656 links of bench S2). Rendering every
    value as text first (concat_ws of ::text) cost twice as much: 2.8 s
    against 1.5 s over the 930,000 interfaces of bench S2, paid in the
    RETURNING of every first-run insert. -#}
{% macro row_hash(alias, columns, types, table='') -%}
{%- if columns | length == 0 -%}
0::bigint
{%- else -%}
hash_record_extended(row(
    {%- for column in columns %}
    {{ base_value(table, alias, column, types) }}{{ ',' if not loop.last }}
    {%- endfor %}
), 0)
{%- endif -%}
{%- endmacro %}

{#- The hash of a whole row for the proof of step 950: every column (the
    key too) in the table's type (`types`; cast to it with `cast`). Unlike
    row_hash, an hstore counts whole. A geometry goes in as its EWKB bytes;
    an hstore or a text as its own hash (the record then holds no long
    value: 0.8 s against 1.2 s over the 930,000 interfaces of bench S2); a
    text is hashed as text, which a varchar(n) is, without the length
    check of a cast to it. -#}
{% macro proof_hash(alias, columns, types, cast) -%}
hash_record_extended(row(
    {%- for column in columns %}
    {%- set type = types.get(column, '') %}
    {%- set value = alias ~ '.' ~ adapter.quote(column) ~ (('::' ~ type) if cast and type else '') %}
    {%- if type.startswith('geometry') %}
    ({{ value }})::bytea
    {%- elif type == 'hstore' %}
    hstore_hash_extended({{ value }}, 0)
    {%- elif type == 'text' or type.startswith('character varying') %}
    hashtextextended({{ alias }}.{{ adapter.quote(column) }}::text, 0)
    {%- else %}
    {{ value }}
    {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
), 0)
{%- endmacro %}

{#- One column's legacy-derived part, in its own type (as text with
    as_text). Of an hstore column the site also writes (data, shortcuts),
    only the importer's own keys are. -#}
{% macro base_value(table, alias, column, types, as_text=false) -%}
{%- set importer_keys = {
    'nodes_node': {'data': ['imported', 'postal_code', 'is_hotspot']},
    'net_device': {'data': ['model', 'cname', 'hna_routes'], 'shortcuts': ['user', 'layer']},
    'net_interface': {
        'data': ['essid', 'bssid', 'old_nodeshot_interface_type', 'old_nodeshot_wireless_channel'],
        'shortcuts': ['node', 'user', 'layer'],
    },
    'links_link': {'data': ['imported', 'node_a_name', 'node_b_name', 'node_a_slug', 'node_b_slug',
                            'interface_a_mac', 'interface_b_mac', 'layer_slug']},
} -%}
{%- set value = alias ~ '.' ~ adapter.quote(column) ~ (('::' ~ types[column]) if column in types else '') -%}
{%- set keys = importer_keys.get(table, {}).get(column, none) -%}
{%- if keys is not none -%}
slice({{ value }}, array['{{ keys | join("', '") }}']){{ '::text' if as_text }}
{%- elif as_text -%}
({{ value }})::text
{%- elif types.get(column, '').startswith('geometry') -%}
({{ value }})::bytea
{%- else -%}
{{ value }}
{%- endif -%}
{%- endmacro %}

{#- merged_<table>: what this run writes into an owned table. For a row
    the site does not have yet: the legacy's values. For an existing row:
      * the legacy row did not change since the base (same hash): the
        site's row, whole: nothing is written, whatever the site edited;
      * it changed (or no base was recorded, a row written before bases
        existed): the mart's row (the legacy wins; columns the mart copies
        from the site are the site's), listed as site_change_overwritten
        where the site had changed the row too and a legacy value now
        replaces a different one of the site's;
      * credentials and privileges are the site's, always, listed as
        site_change_kept when the legacy changed and differs.
    On a first run (no ledger row for the table) it is the legacy view. -#}
{% macro apply_merge(table, rel, key, columns, hashed, types, credentials) %}
{%- set q = adapter.quote -%}
do $merge$
begin
    if not exists (select from migration.owned_rows as ledger where ledger.table_name = '{{ table }}') then
        create temporary view merged_{{ table }} as
        select * from legacy_{{ table }};
        return;
    end if;
    create temporary table compared_{{ table }} on commit drop as
    select
        legacy.{{ q(key) }} as row_key,
        hashed.legacy_hash,
        app.{{ q(key) }} is not null as is_existing,
        app.{{ q(key) }} is null or ledger.base_hash is null or hashed.legacy_hash <> ledger.base_hash
            as is_legacy_changed,
        app.{{ q(key) }} is not null and ledger.base_hash is not null
        and {{ row_hash('app', hashed, types, table) }} <> ledger.base_hash as is_site_changed
    from legacy_{{ table }} as legacy
    cross join lateral (select {{ row_hash('legacy', hashed, types, table) }} as legacy_hash) as hashed
    left join {{ rel }} as app
        on legacy.{{ q(key) }} = app.{{ q(key) }}
    left join migration.owned_rows as ledger
        on ledger.table_name = '{{ table }}' and legacy.{{ q(key) }} = ledger.row_id;

    create temporary table merged_{{ table }} on commit drop as
    select
        {%- for column in columns %}
        {%- if column == key %}
        legacy.{{ q(column) }}
        {%- elif column in credentials %}
        case when compared.is_existing then app.{{ q(column) }} else legacy.{{ q(column) }} end
        {%- else %}
        case when compared.is_legacy_changed then legacy.{{ q(column) }} else app.{{ q(column) }} end
        {%- endif %} as {{ q(column) }},
        {%- endfor %}
        compared.legacy_hash
    from legacy_{{ table }} as legacy
    inner join compared_{{ table }} as compared
        on legacy.{{ q(key) }} = compared.row_key
    left join {{ rel }} as app
        on legacy.{{ q(key) }} = app.{{ q(key) }};
    analyze merged_{{ table }};

    {%- set listed = (hashed | reject('in', credentials) | list) + credentials %}
    {%- if listed %}
    -- What the site loses, and what it keeps against the legacy.
    insert into migration.notices (entity, legacy_id, rule, detail)
    select
        '{{ table }}',
        legacy.{{ q(key) }},
        case when changes.is_credential then 'site_change_kept' else 'site_change_overwritten' end,
        case
            -- a password is never quoted, not even its hash (issue 19)
            when changes.column_name = 'password'
                then 'password: the site''s password is kept, the legacy''s changed'
            else
                changes.column_name || ': the site''s ' || coalesce(changes.site_value, 'NULL')
                || case
                    when changes.is_credential then ', kept against the legacy''s '
                    else ', replaced by the legacy''s '
                end
                || coalesce(changes.legacy_value, 'NULL')
        end
    from legacy_{{ table }} as legacy
    inner join compared_{{ table }} as compared
        on legacy.{{ q(key) }} = compared.row_key
    inner join {{ rel }} as app
        on legacy.{{ q(key) }} = app.{{ q(key) }}
    cross join lateral (
        values
        {%- for column in listed %}
        (
            '{{ column }}', {{ 'true' if column in credentials else 'false' }},
            left({{ base_part(table, 'app', column, {}) }}, 200),
            left({{ base_part(table, 'legacy', column, types) }}, 200)
        ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as changes (column_name, is_credential, site_value, legacy_value)
    where
        compared.is_legacy_changed
        and compared.is_existing
        and changes.site_value is distinct from changes.legacy_value
        and (changes.is_credential or compared.is_site_changed);
    {%- endif %}
end
$merge$;
{% endmacro %}

{#- After the write: the base of the owned rows that existed becomes what
    the legacy says now (rows created in this run get theirs through
    apply_written). -#}
{% macro apply_record_base(table) %}
do $base$
begin
    if to_regclass('pg_temp.compared_{{ table }}') is not null then
        update migration.owned_rows as ledger
        set base_hash = compared.legacy_hash
        from compared_{{ table }} as compared
        where
            ledger.table_name = '{{ table }}'
            and ledger.row_id = compared.row_key
            and compared.is_existing
            and ledger.base_hash is distinct from compared.legacy_hash;
    end if;
end
$base$;
{% endmacro %}

{#- One side of the proof's digests, as temporary table `name`
    (table_name, row_count, hash_sum): of each table of `tables` in bulk
    mode, its rows in the application table (side 'app') or what the run
    meant to write, merged_<table> (side 'merged'); a table not in bulk
    mode is not read. -#}
{% macro apply_digest_side(name, tables, side) %}
create temporary table {{ name }} on commit drop as
select
    null::text as table_name,
    0::bigint as row_count,
    0::numeric as hash_sum
where false
{%- for table in tables %}
{%- set columns = adapter.get_columns_in_relation(plan_relation(table)) | map(attribute='name') | list %}
{%- set types = app_column_types(table) if run_query is defined else {} %}
union all
select
    '{{ table }}' as table_name,
    count(*) as row_count,
    coalesce(sum({{ proof_hash(side, columns, types, cast=(side == 'merged')) }}), 0) as hash_sum
from {{ app_table(table) if side == 'app' else 'merged_' ~ table }} as {{ side }}
where {{ in_bulk_mode(table) }}
{%- endfor %};
{% endmacro %}

{#- Step 9b, the proof of the target before COMMIT. Every difference goes
    to apply_differences (apply.py prints the first ones and rolls back
    with exit 14):
      * every row this run meant to write (merged_<table>: the mart's rows,
        merged three ways) is in the target, column for column: one
        anti-join a table, or, for a table of bulk mode, which holds only
        this run's rows, a digest of each side (the anti-join then runs
        only where the digests differ, to name the rows). It covers every
        legacy row the reconciliation counts as migrated or merged, and
        every ledger row this run added;
      * the ledger received one entry per row this run created (earlier
        entries were checked by step 895, which drops those whose row is
        gone, and nothing deletes after it);
      * migration.runs.counts equals what the statements wrote, table by
        table.
    The reconciliation's migrated count becomes the count found in the
    target. The tables and keys are those the apply plan writes (every
    entry with a step). -#}
{% macro apply_verify() %}
{%- set plan = [] %}
{%- do fill_apply_plan(plan) %}
{%- set tables = [] %}
{%- for entry in plan if entry.step %}{% do tables.append((entry.name, entry.key)) %}{% endfor %}
-- A table of bulk mode (macros/bulk.sql: empty when the apply started and
-- locked since) holds exactly the rows this run wrote, so one pass over
-- each side compares them: the row count and the sum of the rows' hashes
-- (key and every column, in the table's types). Only where those differ
-- are the rows compared one by one, to name them. Each side is one
-- CREATE TABLE AS, which PostgreSQL may run with parallel workers (an
-- INSERT ... SELECT never is): all of the tables' side, and the marts
-- that do not read this transaction's temporary id maps, which only this
-- session can.
-- The joins below: each table's rows against the target's (net_interface:
-- 930,000 rows, about 300 MB at bench S2). With the session's 64 MB the
-- hash joins went to disk in batches: 19.3 s for the step, 10.1 s with
-- this (measured on the same copy of the S2 target, one after the other).
set local work_mem = '256MB';
{%- set digested = [] %}
{%- for table, key in tables if app_table(table) is not none %}{% do digested.append(table) %}{% endfor %}
{{ apply_digest_side('apply_table_digests', digested, 'app') }}
{{ apply_digest_side('apply_mart_digests', digested, 'merged') }}

create temporary table apply_digests on commit drop as
select
    table_side.table_name,
    mart_side.row_count = table_side.row_count and mart_side.hash_sum = table_side.hash_sum as is_equal
from apply_table_digests as table_side
inner join apply_mart_digests as mart_side
    on table_side.table_name = mart_side.table_name
-- only the tables in bulk mode: the others' branches read no row, but an
-- aggregate still returns one (0 rows, sum 0) on each side, equal
where table_side.table_name in (select bulk_tables.table_name from apply_bulk_tables as bulk_tables);

create temporary table apply_differences (
    entity text not null,
    row_id bigint,
    problem text not null
) on commit drop;
{%- for table, key in tables %}
{%- set rel = app_table(table) %}
{%- if rel is not none %}
{%- set columns = adapter.get_columns_in_relation(plan_relation(table)) | map(attribute='name') | list %}
{%- set types = app_column_types(table) if run_query is defined else {} %}

insert into apply_differences (entity, row_id, problem)
select
    '{{ table }}',
    merged.{{ adapter.quote(key) }},
    case
        when app.{{ adapter.quote(key) }} is null then 'missing from the target'
        else 'differs from the row the run wrote'
    end
from merged_{{ table }} as merged
left join {{ rel }} as app
    on merged.{{ adapter.quote(key) }} = app.{{ adapter.quote(key) }}
where
    not exists (select from apply_digests as digests where digests.table_name = '{{ table }}' and digests.is_equal)
    and (
        app.{{ adapter.quote(key) }} is null
        or ({% for column in columns %}app.{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %})
        is distinct from
        ({% for column in columns %}merged.{{ adapter.quote(column) }}{% if column in types %}::{{ types[column] }}{% endif %}{{ ', ' if not loop.last }}{% endfor %})
    );
{%- endif %}
{%- endfor %}

-- migration.runs.counts and the statements' counts (apply_counts, summed
-- per table) agree, table by table, and the ledger received one entry per
-- row created (step 900 kept the count of its insert: counting the ledger
-- again by table took 0.8-1.0 s over the 5 M entries of bench S2, and
-- nothing after step 900 writes it).
with counted as (
    select
        table_name,
        inserted,
        updated,
        deleted
    from apply_counts_per_table
),

recorded as (
    select
        counts.key as table_name,
        (counts.value ->> 'inserted')::bigint as inserted,
        (counts.value ->> 'updated')::bigint as updated,
        (counts.value ->> 'deleted')::bigint as deleted
    from migration.runs as runs
    cross join lateral jsonb_each(runs.counts) as counts
    -- the run id in a scalar subquery: evaluated once, where the bare
    -- call (volatile) ran for every row scanned
    where runs.run_id = (select currval(pg_get_serial_sequence('migration.runs', 'run_id')) as current_run)
)

insert into apply_differences (entity, row_id, problem)
select
    coalesce(counted.table_name, recorded.table_name),
    null::bigint,
    format(
        'migration.runs.counts says %s inserted, %s updated, %s deleted; the statements wrote %s, %s, %s',
        recorded.inserted, recorded.updated, recorded.deleted,
        counted.inserted, counted.updated, counted.deleted
    )
from counted
full outer join recorded
    on counted.table_name = recorded.table_name
where
    recorded.inserted is distinct from counted.inserted
    or recorded.updated is distinct from counted.updated
    or recorded.deleted is distinct from counted.deleted;

insert into apply_differences (entity, row_id, problem)
select
    'migration.owned_rows',
    null::bigint,
    format('the ledger received %s entries for the %s rows this run created', ledger.entries, created.row_count)
from apply_ledger_written as ledger
cross join (select coalesce(sum(counted.inserted), 0) as row_count from apply_counts_per_table as counted) as created
where ledger.entries <> created.row_count;

-- The migrated count of the reconciliation: the rows found in the target.
update migration.reconciliation as reconciliation
set migrated = reconciliation.migrated - missing.row_count
from (
    select
        case differences.entity
            when 'nodes_node' then 'nodeshot_node'
            when 'net_device' then 'nodeshot_device'
            when 'net_interface' then 'nodeshot_interface'
            when 'net_interface_vap' then 'nodeshot_interface.vap'
            when 'links_link' then 'nodeshot_link'
            when 'mailing_inward' then 'nodeshot_contact'
        end as entity,
        count(*) as row_count
    from apply_differences as differences
    where differences.problem = 'missing from the target'
    group by differences.entity
) as missing
where reconciliation.entity = missing.entity;
{% endmacro %}

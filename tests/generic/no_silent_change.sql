{#- No silent change (issue 16): every importer column of a mart holds the
    legacy value as typed, or a notice of the row names the change.
    Fails with one row per (legacy id, column) changed without a notice,
    and one row per mart column the test does not know.

    Arguments, declared beside the mart (models/marts/*.yml):
      * entity: the legacy table, also the `entity` of its notices;
      * columns: {mart column: {legacy: the legacy column (legacy_raw,
        text), read: how its text is read (text, the default, as typed;
        timestamp, legacy_timestamp; double, safe_double; bigint, safe_bigint; inet,
        safe_inet; mac, safe_mac compared as text), notices: [the
        rules of a notice that names a change of it]}}. A value that
        cannot be read compares as a value no column holds (NaN,
        -infinity, 255.255.255.255/0), never as NULL: NULLing it is a
        change;
      * derived: {mart column: why it is no legacy value (a site value, a
        mapping seed, a key)}. A mart column in neither fails the test:
        a column added later cannot escape the check silently.
    The typed reading is macros/checks.sql legacy_value_as_typed.
    One pass: the mart joined to its legacy rows by id (hash joins) and to
    the row's notice rules, gathered once per legacy id; a value already in
    its printed form is proved equal without the full reading
    (legacy_value_fast_equal). -#}
{% test no_silent_change(model, entity, columns, derived, key='id') %}
    {%- set declared = (columns.keys() | list) + (derived.keys() | list) -%}
with notes as (
    select
        legacy_id,
        array_agg(rule) as rules
    from {{ ref('notices') }}
    where entity = '{{ entity }}'
    group by legacy_id
),

compared as (
    select
        written.{{ key }} as legacy_id,
        array[
            {% for column, spec in columns.items() -%}
            case
                when
                    not coalesce({{ legacy_value_fast_equal('written.' ~ column, 'legacy.' ~ spec['legacy'], spec.get('read', 'text')) }}, false)
                    and written.{{ column }}{{ '::text' if spec.get('read') == 'mac' }} is distinct from (
                        {{ legacy_value_as_typed('legacy.' ~ spec['legacy'], spec.get('read', 'text')) }}
                    )
                    and not coalesce(notes.rules && array['{{ spec.get('notices', []) | join("', '") }}']::text [], false)
                    then format(
                        '{{ column }}: legacy %s written as %s',
                        quote_nullable(legacy.{{ spec['legacy'] }}), quote_nullable(written.{{ column }}::text)
                    )
            end{{ ',' if not loop.last }}
            {% endfor %}
        ] as changes
    from {{ model }} as written
    inner join {{ source('legacy', entity) }} as legacy
        on written.{{ key }} = legacy.id
    left join notes
        on written.{{ key }} = notes.legacy_id
),

silent as (
    select
        compared.legacy_id,
        change
    from compared
    cross join lateral unnest(compared.changes) as change
    -- rows without a change are left out before the unnest (a function
    -- scan set up for each of the 930,000 interfaces of bench S2 cost 2 s)
    where
        array_remove(compared.changes, null) <> array[]::text []
        and change is not null
),

-- a mart column the test was not told about, read from the catalog when
-- the test runs (not when it compiles): a column added to the mart later
-- fails the check without any other change
undeclared as (
    select
        null::bigint as legacy_id,
        'column ' || columns.column_name || ' is declared neither as a legacy value nor as derived' as change
    from information_schema.columns as columns
    where
        columns.table_schema = '{{ model.schema }}'
        and columns.table_name = '{{ model.identifier }}'
        and columns.column_name::text <> all(array['{{ declared | join("', '") }}']::text [])
)

select * from silent
union all
select * from undeclared
{% endtest %}

{#- No silent change (issue 16): every importer column of a mart holds the
    legacy value as typed, or a notice of the row names the change.
    Fails with one row per (legacy id, column) changed without a notice,
    and one row per mart column the test does not know.

    Arguments, declared beside the mart (models/marts/*.yml):
      * entity: the legacy table, also the `entity` of its notices;
      * columns: {mart column: {legacy: the legacy column (legacy_raw,
        text), or a list of them when the value may come from any one
        (net_ip: an address typed in either column of the interface);
        read: how its text is read (text, the default, as typed;
        timestamp, legacy_timestamp; double, safe_double; bigint,
        safe_bigint; inet, safe_inet; mac, safe_mac compared as text;
        boolean, safe_bool compared as text); notices: [the rules of a
        notice that names a change of it]; secret: true to name the
        values by their shape (password_shape), never by value}}. A value
        that cannot be read compares as a value no column holds (NaN,
        -infinity, 255.255.255.255/0), never as NULL: NULLing it is a
        change;
      * derived: {mart column: why it is no legacy value (a site value, a
        mapping seed, a key)}. A mart column in neither fails the test:
        a column added later cannot escape the check silently;
      * key: the mart column holding the legacy id (default id), or, for
        a mart whose rows are not keyed by one legacy id (profiles), the
        mart column that key_map's map_from column holds;
      * key_map, map_from, map_to, map_where (optional): a model that
        maps the mart's key (map_from) to the legacy id (map_to), only
        its rows where map_where holds (e.g. int_users_unified: profile_id
        to legacy_user_id for the profiles of admins).
    The typed reading is macros/checks.sql legacy_value_as_typed.
    One pass: the mart joined to its legacy rows by id (hash joins) and to
    the row's notice rules, gathered once per legacy id; a value already in
    its printed form is proved equal without the full reading
    (legacy_value_fast_equal). -#}
{% test no_silent_change(
    model, entity, columns, derived, key='id',
    key_map=none, map_from=none, map_to=none, map_where=none
) %}
    {%- set declared = (columns.keys() | list) + (derived.keys() | list) -%}
    {%- set legacy_id = 'keymap.' ~ map_to if key_map is not none else 'written.' ~ key -%}
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
        {{ legacy_id }} as legacy_id,
        array[
            {% for column, spec in columns.items() -%}
            {%- set sources = [spec['legacy']] if spec['legacy'] is string else spec['legacy'] -%}
            {%- set read = spec.get('read', 'text') -%}
            {%- set written = 'written.' ~ column ~ ('::text' if read in ('mac', 'boolean') else '') -%}
            case
                when
                    {% for source in sources -%}
                    not coalesce({{ legacy_value_fast_equal('written.' ~ column, 'legacy.' ~ source, read) }}, false)
                    and {{ written }} is distinct from ({{ legacy_value_as_typed('legacy.' ~ source, read) }}){{ ' and' if not loop.last }}
                    {% endfor -%}
                    and not coalesce(notes.rules && array['{{ spec.get('notices', []) | join("', '") }}']::text [], false)
                    then format(
                        '{{ column }}: legacy %s written as %s',
                        {% if spec.get('secret') -%}
                        {{ password_shape('legacy.' ~ sources[0]) }}, {{ password_shape('written.' ~ column) }}
                        {%- else -%}
                        concat_ws(
                            ' / ',
                            {% for source in sources -%}
                            quote_nullable(legacy.{{ source }}){{ ',' if not loop.last }}
                            {% endfor -%}
                        ),
                        quote_nullable(written.{{ column }}::text)
                        {%- endif %}
                    )
            end{{ ',' if not loop.last }}
            {% endfor %}
        ] as changes
    from {{ model }} as written
    {% if key_map is not none %}
        inner join {{ key_map }} as keymap
            on written.{{ key }} = keymap.{{ map_from }}{{ ' and (' ~ map_where ~ ')' if map_where }}
    {% endif %}
    inner join {{ source('legacy', entity) }} as legacy
        on {{ legacy_id }} = legacy.id
    left join notes
        on {{ legacy_id }} = notes.legacy_id
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

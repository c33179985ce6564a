{#- Fails with every mart row holding a string longer than the target
    table's column takes (information_schema.character_maximum_length), so
    that a too-long value stops the build with its row and column instead
    of being cut by a silent ::varchar(n) cast or failing the apply. Marts
    are named like their target table. -#}
{% test fits_target_columns(model, target_table=none) %}
    {%- set table_name = target_table or model.identifier -%}
    {%- set limits_query -%}
    select column_name, character_maximum_length
    from information_schema.columns
    where
        table_schema = '{{ var("app_schema", "public") }}'
        and table_name = '{{ table_name }}'
        and character_maximum_length is not null
    order by ordinal_position
    {%- endset -%}
    {%- set limits = run_query(limits_query) if execute else none -%}
    {%- if limits is none or limits.rows | length == 0 %}
select null::text as column_name, null::integer as max_length, null::integer as actual_length
where false
{%- else %}
{%- for row in limits.rows %}
select
    '{{ row[0] }}' as column_name,
    {{ row[1] }} as max_length,
    length({{ adapter.quote(row[0]) }}::text) as actual_length,
    id::text as row_id
from {{ model }}
where length({{ adapter.quote(row[0]) }}::text) > {{ row[1] }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
{%- endif %}
{% endtest %}

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
{#- one pass over the model, each limited column as a row of its own -#}
select
    checked.column_name,
    checked.max_length,
    length(checked.value) as actual_length,
    model_rows.id::text as row_id
from {{ model }} as model_rows
cross join lateral (
    values
    {%- for row in limits.rows %}
        ('{{ row[0] }}', {{ row[1] }}, model_rows.{{ adapter.quote(row[0]) }}::text){{ ',' if not loop.last }}
    {%- endfor %}
) as checked (column_name, max_length, value)
where length(checked.value) > checked.max_length
{%- endif %}
{% endtest %}

{#- dbt's unique, NULLs allowed, with one counting pass while no value
    repeats (see key). -#}
{% test unique_counted(model, column_name) %}
    {{ counted_uniqueness(model, column_name, nulls_allowed=true) }}
{% endtest %}

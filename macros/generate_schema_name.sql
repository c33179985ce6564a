{#- Use the configured schema name as it is (migration, migration_work, ...),
    instead of dbt's default "<target schema>_<custom schema>". The schemas
    are part of the tool's contract: operators and the apply step read
    migration.<target table> and migration.rejects by name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{#- The apply plan (docs/apply-plan.md): each mart that the apply reads or
    writes says how in its YAML, under `config: meta: apply:`. These macros
    read those declarations from dbt's `graph` when SQL is compiled, so the
    snapshot, the writes, the owned tables, the locks, the cascades, the
    proof and the ledger all follow one list. nodeshot_migrate/plan.py reads
    the same YAML for Python.

    graph is empty while dbt parses; the macros are only meant for analyses
    and hooks compiled at execution (and reach the marts through
    plan_relation, not ref(), for that reason). sqlfluff's templater gets a
    stand-in graph read from the same YAML (.sqlfluff_templater/graph.py).
    No dbt `return` there either: the macros fill a list passed in. -#}

{#- Append to `plan` one entry per mart that declares `apply`, sorted by
    `order`: the declared keys, with their defaults filled in, and `name`. -#}
{% macro fill_apply_plan(plan) %}
{%- set found = [] -%}
{%- for node in graph.get('nodes', {}).values() if node.resource_type == 'model' and node.package_name == 'nodeshot_migrate' -%}
{%- set declared = (node.config.meta or {}).get('apply') -%}
{%- if declared -%}
{%- set step = declared.get('step') -%}
{%- do found.append({
    'name': node.name,
    'order': declared['order'] | int,
    'step': step,
    'mode': declared.get('mode', 'insert'),
    'key': declared.get('key', 'id'),
    'remap': declared.get('remap', {}),
    'shortcuts': declared.get('shortcuts', {}),
    'repoint': declared.get('repoint', {}),
    'site_columns': declared.get('site_columns', []),
    'credentials': declared.get('credentials', []),
    'owned': declared.get('owned', step is not none),
    'legacy_ids': declared.get('legacy_ids', false),
    'deletable': declared.get('deletable', false),
    'cascade_parents': declared.get('cascade_parents', {}),
    'set_null_parents': declared.get('set_null_parents', {}),
    'schema': node.schema,
    'database': node.database,
    'identifier': node.alias or node.name,
}) -%}
{%- endif -%}
{%- endfor -%}
{%- for entry in found | sort(attribute='order') %}{% do plan.append(entry) %}{% endfor -%}
{% endmacro %}

{#- The plan entry of one mart (a compile error when it declares none). -#}
{% macro fill_plan_entry(found, mart) %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan if entry.name == mart %}{% do found.update(entry) %}{% endfor -%}
{%- if not found %}{% do exceptions.raise_compiler_error("mart " ~ mart ~ " declares no meta.apply") %}{% endif -%}
{% endmacro %}

{#- A mart's relation, from its graph node: what ref() renders, without the
    parse-time dependency that an analysis cannot declare for a list it only
    learns at execution. -#}
{% macro plan_relation(mart) -%}
{%- set entry = {} -%}
{%- do fill_plan_entry(entry, mart) -%}
{%- if run_query is not defined -%}
"{{ entry.schema }}"."{{ entry.identifier }}"
{%- else -%}
{{ return(api.Relation.create(database=entry.database, schema=entry.schema, identifier=entry.identifier, type='table')) }}
{%- endif -%}
{%- endmacro %}

{#- The cascades Django's delete() performs, as (table, column, parent,
    action) rows, action 'cascade' or 'set_null': first the marts'
    cascade_parents and set_null_parents in plan order, then those of the
    site's tables the importer does not write (var site_cascades). -#}
{% macro fill_cascades(cascades) %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- set declared = [] -%}
{%- for entry in plan %}{% do declared.append((entry.name, entry)) %}{% endfor -%}
{%- set site = var('site_cascades', {}) -%}
{#- (a mapping in dbt; sqlfluff's stand-in var renders text) -#}
{%- if site is mapping -%}
{%- for table, entry in site.items() %}{% do declared.append((table, entry)) %}{% endfor -%}
{%- endif -%}
{%- for table, entry in declared -%}
{%- for column, parent in (entry.get('cascade_parents') or {}).items() %}{% do cascades.append((table, column, parent, 'cascade')) %}{% endfor -%}
{%- for column, parent in (entry.get('set_null_parents') or {}).items() %}{% do cascades.append((table, column, parent, 'set_null')) %}{% endfor -%}
{%- endfor -%}
{% endmacro %}

{#- Every write of one apply step (analyses/apply/NNN_<step>.sql): the
    marts whose plan names that step, in plan order. -#}
{% macro apply_step(step) %}
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- for entry in plan if entry.step == step %}

-- {{ entry.name }} (plan order {{ entry.order }})
{{ apply_write(
    entry.name, remap=entry.remap, upsert=(entry.mode == 'upsert'), key=entry.key, shortcuts=entry.shortcuts,
    repoint=entry.repoint, site_columns=entry.site_columns, credentials=entry.credentials,
) }}
{%- endfor %}
{% endmacro %}

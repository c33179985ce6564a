{#- django-hstore ReferencesField values (target-schema 4): the text
    "<python module of the class>.<ClassName>:<pk>" that Device.save(),
    Interface.save() and Link.save() store in the `shortcuts` hstore.
    kind: node | user | layer; id_expr: SQL expression of the primary key.
    A provisional (negative) profile id is swapped for the real one by the
    apply (apply_write's `shortcuts`). -#}
{% macro shortcut_reference(kind, id_expr) -%}
{%- set class_paths = {'node': 'nodeshot.core.nodes.models.node.Node', 'layer': 'nodeshot.core.layers.models.layer.Layer',
    'user': 'nodeshot.community.profiles.models.profile.Profile'} -%}
{%- if kind not in class_paths -%}
    {{ exceptions.raise_compiler_error("shortcut_reference: unknown kind " ~ kind) }}
{%- endif -%}
{%- set class_path = class_paths[kind] -%}
('{{ class_path }}:' || ({{ id_expr }})::text)
{%- endmacro %}

{#- The shortcuts hstore of an object that hangs below a node: node, user
    (only when the node has an owner) and layer references. -#}
{% macro node_shortcuts(node_id, user_id, layer_id) -%}
(
    hstore('node', {{ shortcut_reference('node', node_id) }})
    || case
        when {{ user_id }} is not null then hstore('user', {{ shortcut_reference('user', user_id) }})
        else ''::hstore
    end
    || hstore('layer', {{ shortcut_reference('layer', layer_id) }})
)
{%- endmacro %}

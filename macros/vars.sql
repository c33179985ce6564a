{#- Typed accessors for the project vars: every var reaches SQL through one
    of these, which refuses a value of the wrong shape at compile time. -#}

{% macro default_layer() -%}
{%- set value = var('default_layer') -%}
{%- if value is none or value | string | lower in ('', 'none', 'null', 'false') -%}
null::integer
{%- elif modules.re.match('^[0-9]+$', value | string) -%}
{{ value | int }}
{%- else -%}
{{ exceptions.raise_compiler_error("var default_layer must be a layer id or null, got: " ~ value) }}
{%- endif -%}
{%- endmacro %}

{% macro ambiguous_layer_policy() -%}
{%- set value = var('ambiguous_layer_policy') | string | lower -%}
{%- if value not in ('default', 'smallest', 'reject') -%}
{{ exceptions.raise_compiler_error("var ambiguous_layer_policy must be default, smallest or reject, got: " ~ value) }}
{%- endif -%}
'{{ value }}'
{%- endmacro %}

{% macro legacy_timezone() -%}
{%- set value = var('legacy_timezone') | string -%}
{%- if not modules.re.match('^[A-Za-z0-9_+/-]+$', value) -%}
{{ exceptions.raise_compiler_error("var legacy_timezone must be an IANA zone name such as Europe/Rome, got: " ~ value) }}
{%- endif -%}
'{{ value }}'
{%- endmacro %}

{% macro flag(name) -%}
{%- set value = var(name) -%}
{%- if value in (true, false) -%}
{{ value | string | lower }}
{%- elif value | string | lower in ('true', 'false', '1', '0', 'yes', 'no') -%}
{{ (value | string | lower in ('true', '1', 'yes')) | string | lower }}
{%- else -%}
{{ exceptions.raise_compiler_error("var " ~ name ~ " must be true or false, got: " ~ value) }}
{%- endif -%}
{%- endmacro %}

{#- Value checks shared by the models. -#}

{#- An address Django 1.8's EmailValidator would accept, in practice: one
    "@", no whitespace, a dot in the domain, at most 254 characters. -#}
{% macro is_email(expr) -%}
migration.is_email({{ expr }})
{%- endmacro %}

{#- Django 1.8 is_password_usable() with the default PASSWORD_HASHERS
    (target-schema 5.1): not NULL, not "!"-prefixed, and an algorithm Django
    knows (or the unsalted md5/sha1 shapes). -#}
{% macro is_usable_password(expr) -%}
(
    {{ expr }} is not null
    and left({{ expr }}, 1) <> '!'
    and (
        split_part({{ expr }}, '$', 1) in (
            'pbkdf2_sha256', 'pbkdf2_sha1', 'bcrypt_sha256', 'bcrypt', 'sha1', 'md5', 'crypt'
        )
        and position('$' in {{ expr }}) > 0
        or {{ expr }} ~ '^[0-9a-f]{32}$'
    )
)
{%- endmacro %}

{#- Django's unusable password: "!" and 40 random characters, from
    pgcrypto's strong random generator (DESIGN: Passwords). -#}
{% macro unusable_password() -%}
('!' || left(translate(encode(gen_random_bytes(32), 'base64'), '+/=', 'xyz'), 40))
{%- endmacro %}

{#- The query of the generic tests key and unique_counted: one row per
    problem, none when `column_name` holds each value once (and, unless
    nulls_allowed, no NULL). The counting pass runs first; the grouping
    that lists the repeated values is under a one-time filter on its
    result, so a passing test never runs it. -#}
{% macro counted_uniqueness(model, column_name, nulls_allowed) %}
with counted as (
    select
        count(*) - count({{ column_name }}) as null_rows,
        count({{ column_name }}) - count(distinct {{ column_name }}) as surplus_rows
    from {{ model }}
)

{%- if not nulls_allowed %}

select
    'null' as problem,
    null as repeated_value,
    counted.null_rows as occurrences
from counted
where counted.null_rows > 0

union all
{%- endif %}

select
    'repeated' as problem,
    repeated.{{ column_name }}::text as repeated_value,
    count(*) as occurrences
from {{ model }} as repeated
where
    (select counted.surplus_rows from counted) > 0
    and repeated.{{ column_name }} is not null
group by repeated.{{ column_name }}
having count(*) > 1
{% endmacro %}

{#- The legacy landing text `raw` (legacy_raw, all text) as the importer
    reads it, for the no_silent_change test: read = text (as typed),
    timestamp (legacy_timestamp), double (safe_double), bigint (safe_bigint),
    inet (safe_inet) or
    mac (safe_mac, as the text of the macaddr: any spelling of the same
    address is no change; the test compares the written macaddr as text).
    A value that cannot be read gives a value no mart column holds (NaN,
    -infinity, the bigint minimum, 255.255.255.255/0, 'unreadable <text>')
    instead of NULL, so that writing NULL for
    it counts as a change that needs its notice. -#}
{% macro legacy_value_as_typed(raw, read='text') -%}
    {%- if read == 'timestamp' -%}
        coalesce({{ legacy_timestamp(raw) }}, case when {{ raw }} is not null then '-infinity'::timestamptz end)
    {%- elif read == 'double' -%}
        coalesce({{ safe_double(raw) }}, case when {{ raw }} is not null then 'NaN'::double precision end)
    {%- elif read == 'inet' -%}
        coalesce({{ safe_inet(raw) }}, case when btrim({{ raw }}) <> '' then '255.255.255.255/0'::inet end)
    {%- elif read == 'bigint' -%}
        coalesce({{ safe_bigint(raw) }}, case when btrim({{ raw }}) <> '' then -9223372036854775808 end)
    {%- elif read == 'mac' -%}
        coalesce({{ safe_mac(raw) }}::text, case when btrim({{ raw }}) <> '' then 'unreadable ' || {{ raw }} end)
    {%- elif read == 'text' -%}
        {{ raw }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("legacy_value_as_typed: unknown read " ~ read) }}
    {%- endif -%}
{%- endmacro %}

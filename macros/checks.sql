{#- Value checks shared by the models. -#}

{#- An address Django 1.8's EmailValidator would accept, in practice: one
    "@", no whitespace, a dot in the domain, at most 254 characters. -#}
{% macro is_email(expr) -%}
migration.is_email({{ expr }})
{%- endmacro %}

{#- What a legacy admin password is, by its shape alone (issue 19), for
    Django 1.8's default PASSWORD_HASHERS (target-schema 5.1):
    'strong'    a well-formed PBKDF2 (sha256, sha1) or bcrypt (plain, sha256)
                hash;
    'weak'      a well-formed salted sha1, md5 or DES crypt hash: verified by
                Django, but cheap to crack;
    'unusable'  NULL, or Django's "!" marker;
    'malformed' anything else: plain text, an unsalted digest (not in the
                default hashers), a known algorithm whose parts have the
                wrong shape ("md5$x", "crypt$$").
    Each algorithm's parts are checked: iterations, salt, and the digest's
    alphabet and length (base64 of 32 / 20 bytes for PBKDF2, bcrypt's
    $2x$NN$ and 53 characters, hex of 40 / 32 for sha1 / md5, 13 characters
    of crypt's alphabet for DES crypt). -#}
{% macro password_hash_kind(expr) -%}
(
    case
        when {{ expr }} is null or left({{ expr }}, 1) = '!' then 'unusable'
        when
            {{ expr }} ~ '^pbkdf2_sha256\$[1-9][0-9]*\$[^$]+\$[A-Za-z0-9+/]{43}=$'
            or {{ expr }} ~ '^pbkdf2_sha1\$[1-9][0-9]*\$[^$]+\$[A-Za-z0-9+/]{27}=$'
            or {{ expr }} ~ '^bcrypt(_sha256)?\$\$2[abxy]?\$[0-9]{2}\$[./A-Za-z0-9]{53}$'
            then 'strong'
        when
            {{ expr }} ~ '^sha1\$[^$]+\$[0-9a-f]{40}$'
            or {{ expr }} ~ '^md5\$[^$]+\$[0-9a-f]{32}$'
            or {{ expr }} ~ '^crypt\$[./0-9A-Za-z]{0,2}\$[./0-9A-Za-z]{13}$'
            then 'weak'
        else 'malformed'
    end
)
{%- endmacro %}

{#- The shape of a legacy password, in words, for migration.notices: never
    the value nor any part of it, only what kind of value it is. -#}
{% macro password_shape(expr) -%}
(
    case
        when {{ expr }} is null then 'NULL'
        when {{ expr }} = '' then 'empty'
        when left({{ expr }}, 1) = '!' then 'Django''s unusable-password marker'
        when {{ expr }} ~ '^[0-9a-fA-F]{32}$' or {{ expr }} ~ '^(md5|sha1)\$\$'
            then 'an unsalted digest, which Django 1.8''s default hashers do not verify'
        when split_part({{ expr }}, '$', 1) in (
            'pbkdf2_sha256', 'pbkdf2_sha1', 'bcrypt_sha256', 'bcrypt', 'sha1', 'md5', 'crypt'
        ) and {{ password_hash_kind(expr) }} = 'malformed'
            then 'a malformed ' || split_part({{ expr }}, '$', 1) || ' hash (its parts do not have that algorithm''s shape)'
        when {{ password_hash_kind(expr) }} = 'malformed'
            then 'not a hash Django knows (plain text or an unknown format)'
        else 'a well-formed ' || split_part({{ expr }}, '$', 1) || ' hash'
    end
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
    inet (safe_inet), boolean (safe_bool, as text) or
    mac (safe_mac, as the text of the macaddr: any spelling of the same
    address is no change; the test compares the written macaddr as text).
    A value that cannot be read gives a value no mart column holds (NaN,
    -infinity, the bigint minimum, 255.255.255.255/0, 'unreadable <text>')
    instead of NULL, so that writing NULL for
    it counts as a change that needs its notice. -#}
{#- A cheap proof that `written` is the legacy value `raw` as typed,
    for the common case where `raw` is already in the form the written
    value prints as (a MySQL datetime "YYYY-MM-DD HH:MM:SS", a MAC
    "aa:bb:cc:dd:ee:ff", a number as PostgreSQL prints it). True only
    when the typed reading would give the written value; false or NULL
    sends the row to the full reading, legacy_value_as_typed. At bench S2
    the full reading cost no_silent_change on net_interface 12.6 s (the
    date regular expression 2.3 us a value); with this, and the rows
    without a change left out before the unnest, 4-5 s. Only ever used
    inside a CASE, where its parts are evaluated in order (the cast of
    `raw` runs after the text proved it has the canonical form). -#}
{% macro legacy_value_fast_equal(written, raw, read='text') -%}
    {%- if read == 'timestamp' -%}
        {#- printed in the session's DateStyle: under another than ISO the
            text never matches and every row takes the full reading -#}
        (
            ({{ written }} at time zone {{ legacy_timezone() }})::text = {{ raw }}
            and {{ written }} = ({{ raw }}::timestamp at time zone {{ legacy_timezone() }})
        )
    {%- elif read in ('bigint', 'mac', 'inet') -%}
        {#- a blank value reads as NULL -#}
        ({{ written }}::text = {{ raw }} or ({{ written }} is null and btrim({{ raw }}) = ''))
    {%- elif read in ('double', 'text') -%}
        {{ written }}::text = {{ raw }}
    {%- elif read == 'boolean' -%}
        {#- spellings vary (1, true, yes): always the full reading -#}
        false
    {%- else -%}
        {{ exceptions.raise_compiler_error("legacy_value_fast_equal: unknown read " ~ read) }}
    {%- endif -%}
{%- endmacro %}

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
    {%- elif read == 'boolean' -%}
        coalesce({{ safe_bool(raw) }}::text, case when {{ raw }} is not null then 'unreadable ' || {{ raw }} end)
    {%- elif read == 'text' -%}
        {{ raw }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("legacy_value_as_typed: unknown read " ~ read) }}
    {%- endif -%}
{%- endmacro %}

{#- Safe casts from the all-text legacy_raw landing columns. Each returns
    NULL for a value it cannot read; staging models keep the raw text next
    to the typed value so that a NULL caused by bad input is rejected with
    its reason instead of passing for a legitimate NULL. -#}

{#- Integer in bigint range written in plain decimal. Bare digits (nearly
    every legacy value) are recognised by ltrim, at a third of the cost of
    the regex, which still decides everything else (signs, blanks). -#}
{% macro safe_bigint(expr) -%}
case
    when {{ expr }} <> '' and ltrim({{ expr }}, '0123456789') = '' and length({{ expr }}) <= 18
        then ({{ expr }})::bigint
    when btrim({{ expr }}) ~ '^[+-]?[0-9]{1,18}$' then btrim({{ expr }})::bigint
end
{%- endmacro %}

{#- Finite double. Accepts MySQL text ("41.9064") and pgloader's rendering
    of SQLite reals ("41.9064152946932d0", "1.0d-7"); NaN and Infinity are
    refused. -#}
{% macro safe_double(expr) -%}
case
    when replace(lower(btrim({{ expr }})), 'd', 'e')
        ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]{1,3})?$'
        then replace(lower(btrim({{ expr }})), 'd', 'e')::double precision
end
{%- endmacro %}

{#- tinyint(1) / SQLite bool: 0 and 1 (and SQLite's textual forms). Any
    other value gives NULL: see the *_raw column for the reason. -#}
{% macro safe_bool(expr) -%}
case lower(btrim({{ expr }}))
    when '1' then true
    when '0' then false
    when 't' then true
    when 'f' then false
    when 'true' then true
    when 'false' then false
end
{%- endmacro %}

{#- Legacy naive datetime "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" read in the
    legacy time zone. MySQL zero dates and partial zeros ("2010-00-15"),
    impossible dates (Feb 30) and anything else give NULL, without an
    exception: a day past the 28th is added to the first of its month and
    the month compared back (only those days: the round trip cost 0.65 s
    per million values, the shortcut brings it to 0.3 s). -#}
{% macro legacy_timestamp(expr) -%}
case
    when btrim({{ expr }}) ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?$'
        and substr(btrim({{ expr }}), 1, 4) <> '0000'
        and (
            substr(btrim({{ expr }}), 9, 2)::int <= 28
            or extract(
                month from (substr(btrim({{ expr }}), 1, 8) || '01')::date
                + (substr(btrim({{ expr }}), 9, 2)::int - 1)
            ) = substr(btrim({{ expr }}), 6, 2)::int
        )
        then (btrim({{ expr }})::timestamp at time zone {{ legacy_timezone() }})
end
{%- endmacro %}

{#- Dotted-quad IPv4 with every octet 0..255 (no inet_aton short forms,
    importer-behaviour F.4). -#}
{% macro is_ipv4(expr) -%}
({{ expr }} ~ '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$')
{%- endmacro %}

{#- Host address as inet, or NULL when unreadable. IPv4 is checked by
    regex; IPv6 (rarer, and too irregular for a regex) by the guarded cast
    function created in on-run-start (macros/ledger.sql). -#}
{% macro safe_inet(expr) -%}
case
    when {{ is_ipv4('btrim(' ~ expr ~ ')') }} then btrim({{ expr }})::inet
    when btrim({{ expr }}) ~ '^[0-9A-Fa-f:.]+$' and position(':' in {{ expr }}) > 0
        then migration.try_inet(btrim({{ expr }}))
end
{%- endmacro %}

{#- MAC address in any form netaddr accepted (":"/"-" separated, even
    mixed, Cisco dotted, bare hex), normalised to PostgreSQL's lower-case
    colon form. One regex decides; the separators then go with replace(),
    which costs a tenth of regexp_replace (the first form of this macro,
    two regexes and two regexp_replace calls, took 3.8 s per million MACs;
    this one 1.5 s). -#}
{% macro safe_mac(expr) -%}
case
    when btrim({{ expr }}) ~ '^([0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}|[0-9A-Fa-f]{12})$'
        then replace(replace(replace(btrim({{ expr }}), ':', ''), '-', ''), '.', '')::macaddr
end
{%- endmacro %}

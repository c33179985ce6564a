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

{#- A legacy date or datetime, as timestamptz; NULL when it cannot be read
    or could be read two ways (the row's date_defaulted notice names it).
    Read, the most common form first (the others are only tried when it
    does not match, so clean MySQL values cost what they did):
      * "YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]", naive: read in the legacy
        time zone (what MySQL and Django 1.x stored);
      * the same with "Z" or an offset ("+02", "+0200", "+02:00"): an
        instant, read as it says (SQLite rows written by other tools,
        issue 16);
      * epoch seconds (9 or 10 digits, 1973-2286) and epoch milliseconds
        (12 or 13 digits, the same years): SQLite integers.
    Not read: MySQL zero dates and partial zeros ("2010-00-15"), impossible
    dates (Feb 30), and ambiguous forms: "03/04/2012" (day or month first),
    8 digits ("20120304" or epoch seconds of 1970), 11 digits (seconds in
    the year 5000 or milliseconds of 1970), julian day numbers. A day past
    the 28th is checked by adding it to the first of its month and
    comparing the month back (only those days: the round trip cost 0.65 s
    per million values, the shortcut brings it to 0.3 s). -#}
{% macro legacy_timestamp(expr) -%}
{%- set value = 'btrim(' ~ expr ~ ')' -%}
{%- set date_time = '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)' -%}
case
    when {{ value }} ~ '^{{ date_time }}?$' and {{ legacy_date_exists(value) }}
        then ({{ value }}::timestamp at time zone {{ legacy_timezone() }})
    when {{ value }} ~ '^{{ date_time }} ?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$' and {{ legacy_date_exists(value) }}
        then {{ value }}::timestamptz
    when {{ value }} ~ '^[1-9][0-9]{8,9}$' then to_timestamp({{ value }}::bigint)
    when {{ value }} ~ '^[1-9][0-9]{11,12}$' then to_timestamp({{ value }}::bigint / 1000.0)
end
{%- endmacro %}

{#- The date part (the first 10 characters of `value`, already matched as
    YYYY-MM-DD) names a day that exists and is not in year 0000. -#}
{% macro legacy_date_exists(value) -%}
(
    substr({{ value }}, 1, 4) <> '0000'
    and (
        substr({{ value }}, 9, 2)::int <= 28
        or extract(
            month from (substr({{ value }}, 1, 8) || '01')::date
            + (substr({{ value }}, 9, 2)::int - 1)
        ) = substr({{ value }}, 6, 2)::int
    )
)
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

{#- Text that went through the wrong character set on its way into the
    legacy database (bad-inputs 21, 23). Detection only unless the var
    fix_double_encoding is true; see docs/deviations.md "Text repair". -#}

{#- UTF-8 bytes read as latin1/cp1252 (MySQL's "latin1"): a UTF-8 lead byte
    (U+00C2-U+00F4) followed by a continuation byte as latin1 (U+0080-U+00BF)
    or as cp1252 (the 27 characters cp1252 puts at 0x80-0x9F), e.g. 'Ã©'
    for 'é', 'â€™' for '’'. Plain ASCII (most legacy text, where
    octet_length equals char_length) is passed over before the regex: a
    CASE, because the planner puts the cheaper-looking regex first in an
    AND. -#}
{% macro is_double_encoded(expr) -%}
(
    case when octet_length({{ expr }}) = char_length({{ expr }}) then false else {{ expr }} ~ '[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]' end
)
{%- endmacro %}

{#- C1 control characters (U+0080-U+009F): cp1252 bytes 0x80-0x9F (curly
    quotes, euro sign, dashes) stored as if they were latin1. -#}
{% macro has_c1_controls(expr) -%}
(case when octet_length({{ expr }}) = char_length({{ expr }}) then false else {{ expr }} ~ '[\u0080-\u009f]' end)
{%- endmacro %}

{#- Two or more question marks in a row: what a MySQL utf8 (3-byte) column
    stored for characters it could not hold (emoji). Unrecoverable. A
    substring search: the regex '\?{2,}' cost four times as much. -#}
{% macro has_lost_characters(expr) -%}
(strpos({{ expr }}, '??') > 0)
{%- endmacro %}

{#- A cheap first sieve for the three checks above: only text with a
    non-ASCII character (octet_length differs from char_length) or a '??'
    can match them. At bench S2 it leaves 30,837 of the 3.6 M legacy
    values for the regexes. -#}
{% macro may_hold_mangled_text(expr) -%}
(octet_length({{ expr }}) <> char_length({{ expr }}) or strpos({{ expr }}, '??') > 0)
{%- endmacro %}

{#- The legacy text as staged: repaired by migration.try_repair_encoding
    when var fix_double_encoding is true and the value needs it (and the
    repair succeeds), else unchanged. -#}
{% macro legacy_text(expr) -%}
{%- if flag('fix_double_encoding') == 'true' -%}
case
    when {{ is_double_encoded(expr) }} or {{ has_c1_controls(expr) }}
        then coalesce(migration.try_repair_encoding({{ expr }}), {{ expr }})
    else {{ expr }}
end
{%- else -%}
{{ expr }}
{%- endif -%}
{%- endmacro %}

{#- on-run-start: the repair function. Undoes cp1252-read-as-latin1 (C1
    controls -> their cp1252 characters), then UTF-8-read-as-cp1252
    (convert_to WIN1252, convert_from UTF8). NULL when the bytes do not
    make valid text (the caller keeps the original and reports it).
    Parallel unsafe because of its EXCEPTION block (see try_inet). -#}
{% macro create_encoding_repair() -%}
{%- if flags.WHICH == 'test' %}
select 1 as tests_only_read {#- as in create_ledger #}
{%- else %}
create schema if not exists migration;
create or replace function migration.try_repair_encoding(value text) returns text
language plpgsql immutable strict parallel unsafe as $fn$
declare
    repaired text := value;
begin
    if repaired ~ '[\u0080-\u009f]' then
        repaired := convert_from(convert_to(repaired, 'LATIN1'), 'WIN1252');
    end if;
    if {{ is_double_encoded('repaired') }} then
        repaired := convert_from(convert_to(repaired, 'WIN1252'), 'UTF8');
    end if;
    return repaired;
exception when others then
    return null;
end
$fn$;
{%- endif %}
{%- endmacro %}

{#- The rows of `relation` (a staging CTE of legacy table `table_name`,
    keyed by `key`) with invalid_text: the columns that hold text that is not
    UTF-8 and their first bytes (bad-inputs 21, set aside by the loader, see
    stg_legacy__text_repairs), NULL for a clean row. -#}
{% macro flag_invalid_text(relation, key, table_name) -%}
select
    {{ relation }}.*,
    invalid_text.invalid_text
from {{ relation }}
left join (
    select
        legacy_id,
        string_agg(format('%s (bytes %s)', column_name, shown_bytes), ', ' order by column_name) as invalid_text
    from {{ ref('stg_legacy__text_repairs') }}
    where problem = 'invalid_utf8' and table_name = '{{ table_name }}'
    group by legacy_id
) as invalid_text
    on {{ relation }}.{{ key }} = invalid_text.legacy_id
{%- endmacro %}

{#- The reject sentence of a row with text that is not UTF-8: which columns,
    which bytes, what to do. `expr` is the row's invalid_text. -#}
{% macro invalid_utf8_sentence(expr) -%}
format(
    '%s: not UTF-8 text, which PostgreSQL cannot store'
    || ' - fix the legacy value (save it again as UTF-8, or empty it) and run again',
    {{ expr }}
)
{%- endmacro %}

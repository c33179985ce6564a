{#- Text rules of Django 1.8 / Python 2 that the reference importer relied on.
    See importer-behaviour.md A.3 (slugify) and A.4 (capitalize). -#}

{#- django.utils.text.slugify: NFKD, drop non-ASCII, keep [A-Za-z0-9_],
    whitespace and '-', strip, lowercase, runs of [-\s] -> '-'. Leading and
    trailing hyphens stay, as in Django. -#}
{% macro slugify(expr) -%}
regexp_replace(
    lower(
        btrim(
            regexp_replace(
                regexp_replace(normalize({{ expr }}, nfkd), '[^\x01-\x7F]', '', 'g'),
                '[^A-Za-z0-9_ \t\n\r\f\v-]', '', 'g'
            ),
            E' \t\n\r\f\v'
        )
    ),
    '[- \t\n\r\f\v]+', '-', 'g'
)
{%- endmacro %}

{#- Python 2 unicode.capitalize: first character upper case, every other
    character lower case. Needs a UTF-8 libc collation (C.UTF-8 here) to
    map non-ASCII letters. -#}
{% macro capitalize(expr) -%}
(upper(left({{ expr }}, 1)) || lower(substr({{ expr }}, 2)))
{%- endmacro %}

{#- Collapse every run of whitespace (Unicode spaces included) to one
    space and trim; NUL bytes cannot reach PostgreSQL text, so nothing to
    strip here. -#}
{% macro squish(expr) -%}
btrim(regexp_replace({{ expr }}, '[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+', ' ', 'g'))
{%- endmacro %}

{#- Capitalize each space-separated word (used for last names made of
    several words: "de rossi" -> "De Rossi"). -#}
{% macro capitalize_words(expr) -%}
(
    select coalesce(string_agg({{ capitalize('w.word') }}, ' ' order by w.pos), '')
    from regexp_split_to_table({{ expr }}, ' ') with ordinality as w (word, pos)
)
{%- endmacro %}

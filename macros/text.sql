{#- Text rules of Django 1.8 / Python 2 that the reference importer relied on.
    See importer-behaviour.md A.3 (slugify) and A.4 (capitalize). -#}

{#- django.utils.text.slugify: NFKD, drop non-ASCII, keep [A-Za-z0-9_],
    whitespace and '-', strip, lowercase, runs of [-\s] -> '-'. Leading and
    trailing hyphens stay, as in Django.
    Whitespace is what Python's unicode \s and strip() see among ASCII
    characters: space, \t \n \v \f \r and the separators \x1c-\x1f.
    The strip set is an E-string, which has no \v escape (E'\v' is the
    letter v: slugify stripped a leading or trailing v, issue 16), so the
    control characters are written \x0b..\x1f; the patterns are regular
    expressions, where the escapes are the regex engine's own. Tested
    against Django 1.8's function in tests/e2e/test_slugify_property.py. -#}
{% macro slugify(expr) -%}
regexp_replace(
    lower(
        btrim(
            regexp_replace(
                regexp_replace(normalize({{ expr }}, nfkd), '[^\x01-\x7F]', '', 'g'),
                '[^A-Za-z0-9_ \t\n\r\f\v\x1c-\x1f-]', '', 'g'
            ),
            E' \t\n\r\f\x0b\x1c\x1d\x1e\x1f'
        )
    ),
    '[- \t\n\r\f\v\x1c-\x1f]+', '-', 'g'
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

{#- Owner text -> profile names (importer B.5 rules 14-16, defect E.6
    improved; docs/deviations.md "Name parsing"). Used by
    int_owners_from_node_emails and tested by tests/macros/test_owner_names.

    owner_name: the owner text trimmed with its whitespace collapsed; an
    empty, blank or NULL owner falls back to the email's local part with
    every "." as a space (rule 14). -#}
{% macro owner_name(owner, email) -%}
    (
        case
            when {{ squish('coalesce(' ~ owner ~ ", '')") }} <> ''
                then {{ squish(owner) }}
            else {{ squish('replace(split_part(' ~ email ~ ", '@', 1), '.', ' ')") }}
        end
    )
{%- endmacro %}

{#- First name: the first word of an owner_name, capitalised (A.4), cut to
    max_length characters (profiles_profile.first_name is varchar(30));
    max_length=none keeps it whole (to report what a cut loses). -#}
{% macro owner_first_name(name, max_length=30) -%}
    {%- set first_word = capitalize('split_part(' ~ name ~ ", ' ', 1)") -%}
    {%- if max_length is none -%}
        {{ first_word }}
    {%- else -%}
        left({{ first_word }}, {{ max_length | int }})
    {%- endif -%}
{%- endmacro %}

{#- Last name: every word of an owner_name after the first, each
    capitalised (A.4), joined by single spaces, cut to max_length; '' for a
    one-word name. -#}
{% macro owner_last_name(name, max_length=30) -%}
    {%- set other_words = capitalize_words("regexp_replace(" ~ name ~ ", '^[^ ]*( |$)', '')") -%}
    {%- if max_length is none -%}
        {{ other_words }}
    {%- else -%}
        left({{ other_words }}, {{ max_length | int }})
    {%- endif -%}
{%- endmacro %}

{#- Username before de-duplication (rule 17, bad-inputs 10): slugify of the
    owner_name; if that is empty (CJK, emoji), the slug of the email's local
    part; then "user" and the owner's first legacy node id. Never ''. -#}
{% macro owner_username_base(name, email, node_id) -%}
    coalesce(
        nullif(left({{ slugify(name) }}, 200), ''),
        nullif(left({{ slugify('split_part(' ~ email ~ ", '@', 1)") }}, 200), ''),
        'user' || {{ node_id }}
    )
{%- endmacro %}

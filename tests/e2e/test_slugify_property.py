"""slugify (macros/text.sql) against Django 1.8's own function, on generated text.

The oracle is django.utils.text.slugify of Django 1.8 (importer-behaviour
A.3), its five lines written out below: Python's str has the unicode
semantics of Django 1.8's re.U and unicode.strip(). Current Django's
slugify differs (it also strips '-' and '_' at the ends), so it cannot be
the oracle.

The macro is the real one: macros/text.sql is rendered with Jinja (the
macro uses nothing of dbt), and PostgreSQL runs it over an array of samples,
one query per hypothesis example. The hand-picked cases live in
tests/macros/test_slugify.sql; they missed issue 16 (E'\\v' in the strip set
is the letter v, so `vpelu` lost its v).
"""

from __future__ import annotations

import re
import unicodedata

import jinja2
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nodeshot_migrate import PROJECT_DIR


def django18_slugify(value: str) -> str:
    """django.utils.text.slugify, Django 1.8 (allow_unicode did not exist yet)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value, flags=re.U).strip().lower()
    return re.sub(r"[-\s]+", "-", value, flags=re.U)


def slugify_sql(expr: str) -> str:
    """The SQL of the slugify macro applied to `expr`."""
    macros = jinja2.Environment(autoescape=False).from_string(  # noqa: S701 (SQL, not HTML)
        (PROJECT_DIR / "macros" / "text.sql").read_text()
    ).module
    return str(macros.slugify(expr))


# What Django's regexes and strip() treat apart: the ASCII whitespace
# (including \v and the separators \x1c-\x1f), '-', '_', the letter v at an
# end, letters, digits, punctuation; then any code point but NUL (PostgreSQL
# text cannot hold it) and surrogates: accents, ligatures, fullwidth forms,
# no-break spaces, CJK, emoji, combining marks.
SPECIAL = st.sampled_from(list(" \t\n\r\f\x0b\x1c\x1d\x1e\x1f\x85\xa0-_vV.!'") + ["ﬁ", "é", "é", "Ｖ", "ß", "😀"])
ANY = st.characters(min_codepoint=1, blacklist_categories=("Cs",))
ASCII = st.characters(min_codepoint=1, max_codepoint=127)
SAMPLE = st.text(st.one_of(SPECIAL, ASCII, ANY), max_size=24)


@pytest.fixture(scope="module")
def pg(cluster):
    with psycopg.connect(cluster.url()) as conn:
        yield conn


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(samples=st.lists(SAMPLE, min_size=200, max_size=400))
def test_slugify_is_django_18_slugify(pg, samples):
    rows = pg.execute(
        f"select sample.value, {slugify_sql('sample.value')}"  # noqa: S608 (the macro's SQL, no data)
        " from unnest(%s::text[]) as sample (value)",
        (samples,),
    ).fetchall()
    assert len(rows) == len(samples)
    wrong = [(value, got, django18_slugify(value)) for value, got in rows if got != django18_slugify(value)]
    assert wrong == []


def test_the_oracle_is_django_18(pg):
    """The oracle keeps what Django 1.8 kept (and today's Django strips)."""
    assert django18_slugify("-abc_") == "-abc_"
    assert django18_slugify("  Mario   De Rossi ") == "mario-de-rossi"
    assert django18_slugify("vpelu") == "vpelu"
    assert pg.execute(f"select {slugify_sql('%s::text')}", ("ivan petrov",)).fetchone() == ("ivan-petrov",)

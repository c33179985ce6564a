-- slugify (macros/text.sql) against Django 1.8's django.utils.text.slugify,
-- importer-behaviour A.3: NFKD, non-ASCII dropped, only [A-Za-z0-9_],
-- whitespace and '-' kept, stripped, lowercased, runs of [-\s] -> '-'.
-- Returns the cases where the macro disagrees (none = pass).
with cases as (
    select
        input_text,
        expected
    from (
        values
        -- A.3 examples (observed on the reference)
        ('oldnode1 owner', 'oldnode1-owner'),
        ('  Mario   De Rossi ', 'mario-de-rossi'),
        ('Ñandú Pérez-González', 'nandu-perez-gonzalez'),
        ('eLiSa o''Brien', 'elisa-obrien'),
        ('Nodo  Sei!!', 'nodo-sei'),
        -- leading and trailing hyphens stay, as in Django
        ('-abc-', '-abc-'),
        ('a - b', 'a-b'),
        ('under_score', 'under_score'),
        -- nothing usable -> ''
        ('北京', ''),
        ('🙂🙂', ''),
        ('北京 🙂', ''),
        ('!!!', ''),
        -- NFKD compatibility forms are expanded: ligature, fraction,
        -- no-break space (U+00A0 -> ' ', then stripped)
        ('ﬁsh', 'fish'),
        ('½', '12'),
        (chr(160) || 'x' || chr(160), 'x'),
        -- letters without an ASCII decomposition disappear
        ('Straße', 'strae'),
        ('Æsir øre', 'sir-re'),
        -- every ASCII whitespace counts, runs collapse with hyphens
        ('a' || chr(9) || 'b' || chr(10) || ' - c', 'a-b-c'),
        ('a — b', 'a-b'),
        -- a v at either end is a letter, not whitespace (issue 16: E'\v'
        -- in the strip set was the letter v)
        ('vpelu', 'vpelu'),
        ('ivan petrov', 'ivan-petrov'),
        ('v', 'v'),
        -- vertical tab and the separators \x1c-\x1f are Python whitespace
        (chr(11) || 'x' || chr(11), 'x'),
        (chr(28) || 'a' || chr(31) || 'b' || chr(30), 'a-b')
    ) as cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ slugify('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from expected

-- capitalize (macros/text.sql) against Python 2's unicode.capitalize,
-- importer-behaviour A.4: first character upper case (simple one-to-one
-- mapping), every other character lower case. The last cases would change
-- under an ICU collation or Python 3 rules (upper('ß') = 'SS', final
-- sigma 'ς', 'İ' -> 'i̇'), which is what they guard against.
-- Returns the cases where the macro disagrees (none = pass).
with cases as (
    select
        input_text,
        expected
    from (
        values
        -- A.4 examples
        ('oldnode1', 'Oldnode1'),
        ('pÉrez-GONZÁLEZ', 'Pérez-gonzález'),
        ('o''Brien', 'O''brien'),
        ('DE', 'De'),
        ('', ''),
        -- non-ASCII first letters are mapped too (UTF-8 libc collation)
        ('élise', 'Élise'),
        ('ÑANDÚ', 'Ñandú'),
        ('1st', '1st'),
        -- simple, not full, case mapping (Python 2)
        ('ßTRASSE', 'ßtrasse'),
        ('ΣΊΣΥΦΟΣ', 'Σίσυφοσ'),
        ('aİ', 'Ai')
    ) as cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ capitalize('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from expected

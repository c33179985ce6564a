-- is_double_encoded / has_c1_controls / has_lost_characters (macros/encoding.sql)
-- and migration.try_repair_encoding (created on run start), bad-inputs 21
-- and 23. Returns the cases where a macro or the repair disagrees (none =
-- pass). NULL expected_repair: the repair must refuse (not valid UTF-8).
with cases as (
    select
        input_text,
        is_flagged,
        has_question_marks,
        expected_repair
    from (
        values
        -- UTF-8 read as latin1 / cp1252
        ('JosÃ© Rossi', true, false, 'José Rossi'),
        ('CaffÃ¨', true, false, 'Caffè'),
        ('itâ€™s', true, false, 'it’s'),
        ('Ã¼ber Ã–l', true, false, 'über Öl'),
        -- a cp1252 byte read as latin1 (C1 control U+0092)
        (E'Don\u0092l', true, false, 'Don’l'),
        -- clean text is left alone
        ('José Rossi', false, false, 'José Rossi'),
        ('山田太郎 😀', false, false, '山田太郎 😀'),
        ('plain ascii', false, false, 'plain ascii'),
        -- looks double-encoded but is no valid UTF-8 once re-encoded
        ('Ã(', false, false, 'Ã('),
        ('Ã©Ã', true, false, null),
        -- emoji lost in a 3-byte utf8 column
        ('Gianni ??', false, true, 'Gianni ??'),
        ('why?', false, false, 'why?')
    ) as cases (input_text, is_flagged, has_question_marks, expected_repair)
),

results as (
    select
        input_text,
        is_flagged,
        has_question_marks,
        expected_repair,
        {{ is_double_encoded('input_text') }} or {{ has_c1_controls('input_text') }} as actual_flagged,
        {{ has_lost_characters('input_text') }} as actual_question_marks,
        migration.try_repair_encoding(input_text) as actual_repair
    from cases
)

select * from results
where
    actual_flagged is distinct from is_flagged
    or actual_question_marks is distinct from has_question_marks
    or actual_repair is distinct from expected_repair

-- Sort the values the loader set aside in legacy_raw.text_repairs (see
-- sql/legacy_raw.sql) and put the repairable ones back. Run by the loader
-- in one transaction once every table is copied.
--
-- A value is first stripped of its NUL bytes (bad-inputs 22: "strip, and
-- count"), pair by pair so that a 0x00 inside another byte's hex is never
-- touched. If what is left is UTF-8 it is 'nul_bytes' and its column gets
-- the stripped text back; if not, it is 'invalid_utf8' (bad-inputs 21:
-- "invalid bytes -> reject, not NULL"): it stays NULL in its table and the
-- staging models reject the whole row, naming the column and its bytes.
with sorted as (
    select
        repairs.table_name,
        repairs.legacy_id,
        repairs.column_name,
        stripped.nul_count,
        legacy_raw.utf8_or_null(decode(coalesce(stripped.hex, ''), 'hex')) as text_value
    from legacy_raw.text_repairs as repairs
    cross join lateral (
        select
            string_agg(byte_pairs.pair, '' order by byte_pairs.position) filter (where byte_pairs.pair <> '00') as hex,
            count(*) filter (where byte_pairs.pair = '00') as nul_count
        from (
            select
                position,
                substr(repairs.raw_hex, position, 2) as pair
            from generate_series(1, length(repairs.raw_hex), 2) as position
        ) as byte_pairs
    ) as stripped
)

update legacy_raw.text_repairs as repairs
set
    problem = case when sorted.text_value is null then 'invalid_utf8' else 'nul_bytes' end,
    nul_count = sorted.nul_count,
    repaired = sorted.text_value
from sorted
where
    repairs.table_name = sorted.table_name
    and repairs.legacy_id = sorted.legacy_id
    and repairs.column_name = sorted.column_name;

do $$
declare
    target record;
begin
    for target in
        select distinct table_name, column_name
        from legacy_raw.text_repairs
        where problem = 'nul_bytes'
    loop
        execute format(
            'update legacy_raw.%I as landed set %I = repairs.repaired'
            ' from legacy_raw.text_repairs as repairs'
            ' where repairs.table_name = %L and repairs.column_name = %L'
            ' and repairs.problem = %L and repairs.legacy_id = landed.id',
            target.table_name, target.column_name, target.table_name, target.column_name, 'nul_bytes'
        );
    end loop;
end;
$$;

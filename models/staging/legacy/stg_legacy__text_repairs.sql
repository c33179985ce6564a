-- The legacy values the loader set aside because PostgreSQL text cannot
-- hold them (bad-inputs 21, 22; see nodeshot_migrate/legacy/dirty_text.py): one row
-- per (legacy table, row, column), with the bytes and what became of them.
with source as (
    select * from {{ source('legacy', 'text_repairs') }}
),

typed as (
    select
        table_name,
        legacy_id,
        column_name,
        problem,
        repaired,
        length(raw_hex) / 2 as byte_count,
        nul_count,
        -- the bytes as "4D E9 72 6F", at most 24 of them, for the messages
        rtrim(regexp_replace(left(raw_hex, 48), '(..)', '\1 ', 'g'))
        || case when length(raw_hex) > 48 then ' ...' else '' end as shown_bytes
    from source
)

select * from typed

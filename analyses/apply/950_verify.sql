-- Apply step 950: the proof of the target before COMMIT (issue 17), after
-- the last write: every row this run meant to write is in the target with
-- the values it meant, the ledger holds the rows it created, and
-- migration.runs.counts says what the statements wrote. Differences go to
-- apply_differences; apply.py prints the first ones and rolls back (exit
-- 14). The tables and keys are those the apply plan writes (steps 030-070).
{{ apply_verify() }}

-- The proof was the last reader of the apply's id maps: they are ordinary
-- tables of schema migration (macros/apply.sql, id_map), dropped before
-- COMMIT.
{{ apply_drop_maps() }}

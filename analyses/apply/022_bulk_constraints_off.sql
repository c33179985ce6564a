-- Apply step 2a (first migration only): the foreign keys between the
-- importer's tables that would be checked row by row at COMMIT are dropped
-- here, before any write, and added back (one check per key) by step 8z.
-- See macros/bulk.sql.
{{ apply_bulk_constraints_off() }}

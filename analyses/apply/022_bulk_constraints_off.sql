-- Apply step 022 (first migration only): the foreign keys between the
-- importer's tables that would be checked row by row at COMMIT, and the
-- plain indexes of the empty tables about to be filled, are dropped here,
-- before any write; step 890 creates them again, one pass each. See
-- macros/bulk.sql.
{{ apply_bulk_constraints_off() }}

-- Apply step 8z: the foreign keys and indexes step 2a dropped come back,
-- each key checked over its whole table in one query, each index built
-- over all its rows at once (macros/bulk.sql).
{{ apply_bulk_constraints_on() }}

-- Apply step 890: the foreign keys and indexes step 022 dropped come back,
-- each key checked over its whole table in one query, each index built
-- over all its rows at once (macros/bulk.sql).
{{ apply_bulk_constraints_on() }}

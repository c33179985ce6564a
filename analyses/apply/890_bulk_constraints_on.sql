-- Apply step 8z: the foreign keys step 2a dropped come back, each checked
-- over its whole table in one query (macros/bulk.sql).
{{ apply_bulk_constraints_on() }}

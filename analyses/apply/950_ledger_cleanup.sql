-- Apply step 9b: forget ledger entries of rows that no longer exist (deleted
-- by this run's cascades, or by the site since the last run).
{{ ledger_forget_missing_rows() }}

-- Apply step 895: forget ledger entries of rows that no longer exist (deleted
-- by this run's cascades, or by the site since the last run). Before step 900
-- adds this run's rows: they exist by construction (written under this
-- transaction's locks), and checking them cost 1.7-2.6 s at bench S2 on a
-- first run, where no earlier entry exists. An entry kept here for a row
-- the site deleted and this run re-created is what step 900's anti-join
-- finds, as before.
{{ ledger_forget_missing_rows() }}

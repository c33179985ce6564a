-- Apply step 070: the legacy contact log into mailing_inward with the
-- legacy ids (B.12); user_id may name a profile created in this run. A
-- contact of a profile step 080 deletes keeps its row, with no user and
-- the name and email its sender typed (issue 17; plan `repoint`).
{{ apply_step('contacts') }}

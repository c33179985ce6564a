-- Apply step 065 (re-runs): the importer-created profiles this run deletes
-- in step 080: those left with nothing, once every node of this run has its
-- owner, and that the site never used (issue 18: the others stay, as
-- profile_in_use notices). Chosen before the contacts are written, so that
-- a contact of such a profile is written with no user instead of being
-- deleted with it.
{{ select_doomed_profiles('snap_deletions') }}

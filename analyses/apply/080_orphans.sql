-- Apply step 080 (re-runs): importer-created profiles left with nothing,
-- chosen in step 065, are deleted last, once every node of this run has
-- its owner. Their contacts stay, with no user (issue 17).
{{ delete_doomed_profiles() }}

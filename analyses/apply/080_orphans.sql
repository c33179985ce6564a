-- Apply step 8 (re-runs): importer-created profiles left with nothing,
-- chosen in step 6b, are deleted last, once every node of this run has
-- its owner. Their contacts stay, with no user (issue 17).
{{ delete_doomed_profiles() }}

-- Apply step 8 (re-runs): importer-created profiles left with nothing are
-- deleted last, once every node of this run has its owner.
{{ cascade_delete_profiles('snap_deletions') }}

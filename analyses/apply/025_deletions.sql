-- Apply step 025 (re-runs): delete the importer's own rows whose legacy row
-- vanished, with Django's cascade (the plan's deletable marts and
-- cascade_parents, var site_cascades), before any write (their names, MACs and
-- addresses become free for the rows written next).
-- depends_on: {{ ref('deletions') }}
create temporary table snap_deletions on commit drop as
select * from {{ ref('deletions') }};

{{ cascade_delete_network('snap_deletions', keep_migrating=true) }}

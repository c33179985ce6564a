-- Apply step 2b (re-runs): delete the importer's own rows whose legacy row
-- vanished, with Django's cascade, before any write (their names, MACs and
-- addresses become free for the rows written next).
-- depends_on: {{ ref('deletions') }}
create temporary table snap_deletions on commit drop as
select * from {{ ref('deletions') }};

{{ cascade_delete_network('snap_deletions', keep_migrating=true) }}

-- Target-schema 7: the participation app creates one node counts row per new
-- node, when that app is installed on the target.
{{ participation_rows('counts') }}

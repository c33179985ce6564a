-- Target-schema 7: the participation app creates one node settings row per new
-- node, when that app is installed on the target.
{{ participation_rows('settings') }}

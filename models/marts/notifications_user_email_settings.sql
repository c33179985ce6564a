-- Target-schema 7: the notifications app's signal creates one email settings
-- row per new profile (distances 30, booleans true), when that app is
-- installed on the target.
{{ notification_settings_rows() }}

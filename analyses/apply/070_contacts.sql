-- Apply step 7: the legacy contact log into mailing_inward with the legacy
-- ids (B.12); user_id may name a profile created in this run.
-- depends_on: {{ ref('mailing_inward') }}
{{ apply_write('mailing_inward', remap={'user_id': 'profiles_profile'}, upsert=true) }}

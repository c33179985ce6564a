-- Apply step 7: the legacy contact log into mailing_inward with the legacy
-- ids (B.12); user_id may name a profile created in this run. A contact
-- of a profile step 8 deletes keeps its row, with no user and the name
-- and email its sender typed (issue 17).
-- depends_on: {{ ref('mailing_inward') }}
{{ apply_write('mailing_inward', remap={'user_id': 'profiles_profile'}, upsert=true, repoint={'user_id': 'doomed_profiles'}) }}

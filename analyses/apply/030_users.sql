-- Apply step 3: profiles (B.4, B.5), their email addresses and the rows
-- Django's signals would add for new profiles (target-schema 7).
-- depends_on: {{ ref('profiles_profile') }}
-- depends_on: {{ ref('profiles_emailaddress') }}
-- depends_on: {{ ref('profiles_profile_groups') }}
-- depends_on: {{ ref('notifications_user_web_settings') }}
-- depends_on: {{ ref('notifications_user_email_settings') }}
-- Three-way (macros/sync.sql): the site's password and flags are never
-- overwritten on an existing profile; the columns the mart copies from the
-- site's row are not part of its base.
{{ apply_write(
    'profiles_profile', upsert=true,
    site_columns=['password', 'last_login', 'about', 'gender', 'birth_date', 'address', 'city', 'country'],
    credentials=['password', 'is_active', 'is_staff', 'is_superuser'],
) }}

{{ apply_write('profiles_emailaddress', remap={'user_id': 'profiles_profile'}) }}

-- EmailAddress.set_as_primary(): a new primary address un-primaries the
-- profile's other addresses.
update {{ app_relation('profiles_emailaddress') }} as other
set "primary" = false
from snap_profiles_emailaddress as snap
inner join idmap_profiles_emailaddress as idmap
    on snap.id = idmap.provisional_id
where
    other.user_id = snap.user_id
    and other.id <> idmap.id
    and other."primary";

{{ apply_write('profiles_profile_groups', remap={'profile_id': 'profiles_profile'}) }}

{{ apply_write('notifications_user_web_settings', remap={'user_id': 'profiles_profile'}) }}

{{ apply_write('notifications_user_email_settings', remap={'user_id': 'profiles_profile'}) }}

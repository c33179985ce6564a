-- Apply step 030: profiles (B.4, B.5), their email addresses and the rows
-- Django's signals would add for new profiles (target-schema 7): the marts
-- whose plan says `step: users`, in plan order. Three-way (macros/sync.sql):
-- the site's password and flags are never overwritten on an existing
-- profile; the columns the mart copies from the site's row (site_columns)
-- are not part of its base.
{{ apply_step('users') }}

-- EmailAddress.set_as_primary(): a new primary address un-primaries the
-- profile's other addresses.
update {{ app_relation('profiles_emailaddress') }} as other
set "primary" = false
from snap_profiles_emailaddress as snap
inner join {{ id_map('profiles_emailaddress') }} as idmap
    on snap.id = idmap.provisional_id
where
    other.user_id = snap.user_id
    and other.id <> idmap.id
    and other."primary";

-- B.4 rule 12 / B.5 rule 25: a verified primary address for every migrated
-- profile whose email no profiles_emailaddress row holds yet (compared
-- normalised, E.8), when var email_confirmation is on. Existing addresses
-- are left as they are (an unverified one stays unverified).
-- profiles_profile is read through its __live view (live_relation), so
-- that an apply which derives this mart again after a site write sees the
-- profiles as they are then, not as the build froze them.
with users as (
    select * from {{ ref('int_users_unified') }}
),

addresses as (
    select * from {{ ref('stg_app__email_addresses') }}
),

profiles as (
    select
        id,
        email
    from {{ live_relation('profiles_profile') }}
),

missing as (
    select
        users.profile_id,
        profiles.email
    from users
    inner join profiles
        on users.profile_id = profiles.id
    where
        {{ flag('email_confirmation') }}
        and {{ is_email('profiles.email') }}
        and not exists (
            select 1 as is_known from addresses
            where addresses.email_key = lower(btrim(profiles.email))
        )
),

final as (
    select
        (-row_number() over (order by profile_id desc))::integer as id,
        email,
        true as verified,
        true as "primary",
        profile_id as user_id
    from missing
)

select * from final

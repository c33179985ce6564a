-- profiles_profile rows to insert (negative provisional id) or update
-- (existing id): B.4 admins and B.5 node owners, with the target's exact
-- column list and order. Passwords (E.3, E.4 fixed, issue 19): a
-- well-formed legacy admin hash Django can verify is copied verbatim (for
-- staff and superusers only a strong one: int_admins_matched); otherwise a
-- new profile gets Django's unusable password and an existing one keeps its
-- own, unless it is the refused legacy hash itself.
-- Profiles the site created itself (user_kind site_profile) are not in
-- this list: nodes and contacts link to them, nothing rewrites them.
with users as (
    select * from {{ ref('int_users_unified') }}
),

usernames as (
    select * from {{ ref('int_usernames_allocated') }}
),

profiles as (
    select * from {{ ref('stg_app__profiles') }}
),

final as (
    select
        users.profile_id as id,
        case
            when users.legacy_user_id is not null and users.is_password_usable then users.admin_password
            -- a run before issue 19 copied a hash refused now (weak for staff,
            -- malformed): it stops working
            when users.legacy_user_id is not null and profiles.password = users.admin_password
                then {{ unusable_password() }}
            when profiles.id is not null then profiles.password
            else {{ unusable_password() }}
        end as password,
        profiles.last_login,
        coalesce(users.is_superuser, profiles.is_superuser, false) as is_superuser,
        coalesce(users.admin_username, profiles.username, usernames.username) as username,
        case when users.user_kind = 'existing_owner' then profiles.email else users.email end as email,
        users.first_name,
        users.last_name,
        coalesce(profiles.about, '') as about,
        coalesce(profiles.gender, '') as gender,
        profiles.birth_date,
        coalesce(profiles.address, '') as address,
        coalesce(profiles.city, '') as city,
        coalesce(profiles.country, '') as country,
        coalesce(users.is_staff, profiles.is_staff, false) as is_staff,
        coalesce(users.is_active, profiles.is_active, true) as is_active,
        users.date_joined_at as date_joined
    from users
    left join profiles
        on users.existing_profile_id = profiles.id
    left join usernames
        on users.email_key = usernames.email_key and users.user_kind = 'new_owner'
    where users.user_kind <> 'site_profile'
)

select * from final

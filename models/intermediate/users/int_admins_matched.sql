-- B.4: legacy auth_user rows (the 0.9 admins and staff) and the existing
-- target profile each one lands on. Defect E.10 fixed: match on username
-- first, then on a non-blank email; an admin whose username and email point
-- to two different profiles, or whose email another legacy admin already
-- claimed, is rejected with the reason (bad-inputs 36) instead of being
-- skipped silently or merged.
-- Usernames are compared case-insensitively (issue 16), as Django's
-- username lookups and the unique_normalised test on
-- profiles_profile.username need: an admin lands on the site profile with
-- its username in any case (the exact spelling first), and of two legacy
-- admins whose usernames differ only in case (SQLite holds both) the lower
-- id migrates and the other is rejected as duplicate_admin_username.
with admins as (
    select * from {{ ref('stg_legacy__users') }}
),

profiles as (
    select * from {{ ref('stg_app__profiles') }}
),

owned as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'profiles_profile'
),

-- the site profile with the admin's username in any case, the exact
-- spelling first (a hash join, then one row per admin)
username_matches as (
    select distinct on (admins.legacy_user_id)
        admins.legacy_user_id,
        profiles.id
    from admins
    inner join profiles
        on lower(admins.username) = profiles.username_key
    order by admins.legacy_user_id asc, profiles.username = admins.username desc, profiles.id asc
),

-- the rules of the row itself, before it is compared with the others: a
-- row rejected for its own fault never takes a username or an email from
-- a clean one
checked as (
    select
        admins.*,
        {{ password_hash_kind('admins.password') }} as password_kind,
        case
            when admins.invalid_text is not null then 'invalid_utf8'
            when coalesce(admins.username, '') !~ '^[A-Za-z0-9_.@+-]+$' then 'invalid_username'
            when length(admins.username) > 254 then 'username_too_long'
            when admins.is_staff is null or admins.is_active is null or admins.is_superuser is null then 'invalid_boolean'
            when admins.date_joined_at is null then 'invalid_date_joined'
            when admins.email_key <> '' and not {{ is_email('btrim(admins.email)') }} then 'invalid_email'
            when length(admins.first_name) > 30 or length(admins.last_name) > 30 then 'name_too_long'
        end as row_reject_rule
    from admins
),

-- a site profile whose email is blank: profiles_profile.email is unique,
-- so a blank-email admin that lands on no profile of its own cannot take
-- '' from it (issue 16)
blank_email_profiles as (
    select min(id) as id from profiles
    where email_key = ''
),

matched as (
    select
        checked.*,
        by_username.id as username_profile_id,
        by_email.id as email_profile_id,
        (
            checked.email_key = ''
            and (select blank_email_profiles.id from blank_email_profiles) is not null
            and (select blank_email_profiles.id from blank_email_profiles) is distinct from by_username.id
        ) as is_blank_email_taken,
        row_number() over (
            partition by checked.row_reject_rule is null, checked.email_key
            order by checked.legacy_user_id
        ) as email_rank,
        first_value(checked.legacy_user_id) over holders as username_holder_id,
        first_value(checked.username) over holders as username_holder_name
    from checked
    left join username_matches as by_username
        on checked.legacy_user_id = by_username.legacy_user_id
    left join profiles as by_email
        on checked.email_key = by_email.email_key and checked.email_key <> ''
    window holders as (
        partition by checked.row_reject_rule is null, lower(checked.username)
        order by checked.legacy_user_id
    )
),

final as (
    select
        legacy_user_id,
        invalid_text,
        username,
        first_name,
        last_name,
        email,
        email_key,
        password,
        password_kind,
        -- issue 19: only a well-formed hash Django 1.8 verifies works, and
        -- for staff and superusers only a strong one (PBKDF2, bcrypt)
        password_kind = 'strong'
        or (password_kind = 'weak' and is_staff is false and is_superuser is false) as is_password_usable,
        is_staff,
        is_active,
        is_superuser,
        date_joined_at,
        username_holder_id,
        username_holder_name,
        coalesce(username_profile_id, email_profile_id) as existing_profile_id,
        -- landing on a profile the site created (not one an earlier run made):
        -- the admin is "merged", the profile is not rewritten (issue 4)
        coalesce(username_profile_id, email_profile_id) is not null
        and coalesce(username_profile_id, email_profile_id) not in (select owned.row_id from owned)
            as is_merged_into_site_profile,
        case
            when row_reject_rule is not null then row_reject_rule
            when username_holder_id <> legacy_user_id then 'duplicate_admin_username'
            when email_rank > 1 then 'duplicate_admin_email'
            when is_blank_email_taken then 'blank_email_taken'
            when
                username_profile_id is not null and email_profile_id is not null
                and username_profile_id <> email_profile_id
                then 'ambiguous_admin_match'
        end as reject_rule
    from matched
)

select * from final

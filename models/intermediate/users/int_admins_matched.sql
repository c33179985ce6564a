-- B.4: legacy auth_user rows (the 0.9 admins and staff) and the existing
-- target profile each one lands on. Defect E.10 fixed: match on username
-- first, then on a non-blank email; an admin whose username and email point
-- to two different profiles, or whose email another legacy admin already
-- claimed, is rejected with the reason (bad-inputs 36) instead of being
-- skipped silently or merged.
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

matched as (
    select
        admins.*,
        {{ password_hash_kind('admins.password') }} as password_kind,
        by_username.id as username_profile_id,
        by_email.id as email_profile_id,
        row_number() over (
            partition by admins.email_key
            order by admins.legacy_user_id
        ) as email_rank
    from admins
    left join profiles as by_username
        on admins.username = by_username.username
    left join profiles as by_email
        on admins.email_key = by_email.email_key and admins.email_key <> ''
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
        coalesce(username_profile_id, email_profile_id) as existing_profile_id,
        -- landing on a profile the site created (not one an earlier run made):
        -- the admin is "merged", the profile is not rewritten (issue 4)
        coalesce(username_profile_id, email_profile_id) is not null
        and coalesce(username_profile_id, email_profile_id) not in (select owned.row_id from owned)
            as is_merged_into_site_profile,
        case
            when invalid_text is not null then 'invalid_utf8'
            when coalesce(username, '') !~ '^[A-Za-z0-9_.@+-]+$' then 'invalid_username'
            when length(username) > 254 then 'username_too_long'
            when is_staff is null or is_active is null or is_superuser is null then 'invalid_boolean'
            when date_joined_at is null then 'invalid_date_joined'
            when email_key <> '' and not {{ is_email('btrim(email)') }} then 'invalid_email'
            when length(first_name) > 30 or length(last_name) > 30 then 'name_too_long'
            when email_rank > 1 then 'duplicate_admin_email'
            when
                username_profile_id is not null and email_profile_id is not null
                and username_profile_id <> email_profile_id
                then 'ambiguous_admin_match'
        end as reject_rule
    from matched
)

select * from final

-- B.4 + B.5: admins and node owners become one list of profiles, joined on
-- the normalised email (an admin who owns nodes is one profile: the
-- reference test relies on it). For each profile:
--   * the existing target profile it lands on, if any (admin match of
--     int_admins_matched, else an existing profile with the same email,
--     rule 18);
--   * the fields the reference writes: admins copy username, flags and
--     date_joined; owners set first/last name and date_joined (rule 19-20),
--     overriding the admin's, as B.5 runs after B.4.
-- Ownership (issue 4): an existing profile the importer created (ledger)
-- is updated like the reference did; a profile the site created itself is
-- only linked to (its nodes point at it), never modified - the user_kind
-- `site_profile`. Usernames of new owner-only profiles are allocated in
-- int_usernames_allocated.
with admins as (
    select * from {{ ref('int_admins_matched') }}
    where reject_rule is null
),

owners as (
    select * from {{ ref('int_owners_from_node_emails') }}
),

profiles as (
    select * from {{ ref('stg_app__profiles') }}
),

owned as (
    select row_id from {{ ref('stg_ledger__owned_rows') }}
    where table_name = 'profiles_profile'
),

joined as (
    select
        coalesce(owners.email_key, admins.email_key) as email_key,
        admins.legacy_user_id,
        owners.first_node_id,
        admins.existing_profile_id as admin_profile_id,
        admins.username as admin_username,
        admins.password as admin_password,
        admins.is_password_usable,
        admins.is_staff,
        admins.is_active,
        admins.is_superuser,
        coalesce(owners.email, admins.email) as email,
        coalesce(owners.first_name, admins.first_name) as first_name,
        coalesce(owners.last_name, admins.last_name) as last_name,
        coalesce(owners.date_joined_at, admins.date_joined_at) as date_joined_at,
        owners.username_base,
        owners.full_first_name,
        owners.full_last_name,
        owners.owner_name
    from owners
    full outer join admins
        on owners.email_key = admins.email_key and admins.email_key <> ''
),

matched as (
    select
        joined.*,
        coalesce(joined.admin_profile_id, by_email.id) as existing_profile_id,
        case
            when joined.email_key <> '' then 'email:' || joined.email_key
            else 'auth_user:' || joined.legacy_user_id
        end as legacy_key
    from joined
    left join profiles as by_email
        on joined.email_key = by_email.email_key and joined.email_key <> ''
),

final as (
    select
        matched.*,
        owned.row_id is not null as is_owned,
        case
            when matched.existing_profile_id is not null and owned.row_id is null then 'site_profile'
            when matched.legacy_user_id is not null then 'admin'
            when matched.existing_profile_id is not null then 'existing_owner'
            else 'new_owner'
        end as user_kind,
        -- Profiles that do not exist yet get a provisional negative id in a
        -- deterministic order; the apply swaps it for a value of the
        -- profiles_profile sequence (analyses/apply).
        coalesce(
            matched.existing_profile_id,
            -row_number() over (
                partition by matched.existing_profile_id is null
                order by matched.first_node_id nulls last, matched.legacy_user_id, matched.email_key
            )
        )::integer as profile_id
    from matched
    left join owned
        on matched.existing_profile_id = owned.row_id
)

select * from final

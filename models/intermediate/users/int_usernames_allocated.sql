-- B.5 rule 21 with defect E.5 fixed: usernames of new owner profiles are
-- slugify(owner) and, when taken, the same slug with a counter appended
-- (no separator, from 2: same-owner, same-owner2, same-owner3). Who gets
-- the plain slug is decided by the owner's lowest legacy node id, then the
-- email - not by Python's set order. A name is taken when an existing
-- profile or a migrated admin has it (compared case-insensitively), or when
-- it is the plain slug of another group of new owners.
with users as (
    select * from {{ ref('int_users_unified') }}
),

new_owners as (
    select
        email_key,
        username_base,
        row_number() over (
            partition by username_base
            order by first_node_id, email_key
        ) as rank_in_group,
        count(*) over (partition by username_base) as group_size
    from users
    where user_kind = 'new_owner'
),

reserved as (
    select lower(username) as username_key
    from {{ ref('stg_app__profiles') }}
    union
    select lower(admin_username) as username_key
    from users
    where admin_username is not null
),

groups as (
    select distinct
        username_base,
        group_size
    from new_owners
),

bases_of_other_groups as (
    select distinct username_base as username_key
    from new_owners
),

candidates as (
    select
        groups.username_base,
        counter,
        case when counter = 1 then groups.username_base else groups.username_base || counter end as username
    from groups
    cross join lateral generate_series(
        1,
        groups.group_size
        + (
            select count(*) as taken from reserved
            where reserved.username_key like groups.username_base || '%'
        )::int
        + (
            select count(*) as taken from bases_of_other_groups
            where bases_of_other_groups.username_key like groups.username_base || '_%'
        )::int
    ) as counter
),

free_candidates as (
    select
        candidates.*,
        row_number() over (partition by candidates.username_base order by candidates.counter) as free_rank
    from candidates
    where
        candidates.username not in (select reserved.username_key from reserved)
        and (
            candidates.counter = 1
            or candidates.username not in (select bases_of_other_groups.username_key from bases_of_other_groups)
        )
),

final as (
    select
        new_owners.email_key,
        new_owners.username_base,
        free_candidates.username,
        free_candidates.username <> new_owners.username_base as is_renamed
    from new_owners
    inner join free_candidates
        on
            new_owners.username_base = free_candidates.username_base
            and new_owners.rank_in_group = free_candidates.free_rank
)

select * from final

-- Target-schema 7: Profile.save() puts every new profile in group
-- `registered` when that group exists. profiles_profile through its
-- __live view, as in profiles_emailaddress.
with new_profiles as (
    select id from {{ live_relation('profiles_profile') }}
    where id < 0
),

registered as (
    select group_id from {{ ref('stg_app__groups') }}
    where name = 'registered'
),

final as (
    select
        (-row_number() over (order by new_profiles.id desc))::integer as id,
        new_profiles.id as profile_id,
        registered.group_id
    from new_profiles
    cross join registered
)

select * from final

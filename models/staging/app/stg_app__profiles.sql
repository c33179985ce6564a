with source as (
    select * from {{ source('app', 'profiles_profile') }}
),

renamed as (
    select
        *,
        lower(btrim(email)) as email_key,
        lower(username) as username_key
    from source
)

select * from renamed

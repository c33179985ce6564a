with source as (
    select * from {{ source('app', 'profiles_emailaddress') }}
),

renamed as (
    select
        *,
        lower(btrim(email)) as email_key
    from source
)

select * from renamed

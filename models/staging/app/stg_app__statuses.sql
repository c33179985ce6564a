with source as (
    select * from {{ source('app', 'nodes_status') }}
),

renamed as (
    select
        id as status_id,
        slug,
        is_default
    from source
)

select * from renamed

-- django_content_type: B.12 rule 63 needs the id of (nodes, node); it is
-- installation-specific, so it is looked up, never hard-coded.
with source as (
    select * from {{ source('app', 'django_content_type') }}
),

renamed as (
    select
        id as content_type_id,
        app_label,
        model
    from source
)

select * from renamed

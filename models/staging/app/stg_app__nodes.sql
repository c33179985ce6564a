with source as (
    select * from {{ source('app', 'nodes_node') }}
)

select * from source

with source as (
    select * from {{ source('app', 'auth_group') }}
)

select
    id as group_id,
    name
from source

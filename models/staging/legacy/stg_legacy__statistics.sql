with source as (
    select * from {{ source('legacy', 'nodeshot_statistic') }}
),

typed as (
    select
        id as legacy_statistic_id,
        {{ safe_bigint('active_nodes') }} as active_nodes,
        {{ safe_bigint('potential_nodes') }} as potential_nodes,
        {{ safe_bigint('hotspots') }} as hotspots,
        {{ safe_bigint('links') }} as links,
        {{ safe_double('km') }} as km,
        {{ legacy_timestamp('date') }} as recorded_at
    from source
)

select * from typed

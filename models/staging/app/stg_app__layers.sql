-- Layers of the target site. A Polygon area both catches nodes (ST_Covers)
-- and, in nodeshot's Node.clean(), refuses nodes outside it; a Point area
-- accepts any node (target-schema 5.4).
with source as (
    select * from {{ source('app', 'layers_layer') }}
),

renamed as (
    select
        id as layer_id,
        name,
        slug,
        area,
        geometrytype(area) in ('POLYGON', 'MULTIPOLYGON') as is_polygon,
        case when geometrytype(area) in ('POLYGON', 'MULTIPOLYGON') then st_area(area::geography) end as area_m2,
        nodes_minimum_distance,
        is_external
    from source
)

select * from renamed

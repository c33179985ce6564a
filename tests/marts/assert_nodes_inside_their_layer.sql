-- B.6 rule 36 / target-schema 5.4: nodeshot's Node.clean() refuses a node
-- outside a polygon layer. Every node the migration writes must therefore
-- lie in its layer's area (ST_Covers), unless the layer's area is a point.
with nodes as (
    select * from {{ ref('nodes_node') }}
),

layers as (
    select * from {{ ref('stg_app__layers') }}
)

select
    nodes.id,
    nodes.layer_id
from nodes
inner join layers
    on nodes.layer_id = layers.layer_id
where
    layers.is_polygon
    and not st_covers(layers.area, nodes.geometry)

-- Target layers for the benchmark map (issue 6): PostgreSQL + PostGIS.
--
-- Run on a database prepared by init-target (empty layers_layer). Layers,
-- all drawn here with generate_series (no external data):
--   * 38 city layers (ids 1-38) around the centres and radii that
--     generate_mysql.sql / generate_sqlite.sql scatter the nodes around
--     (keep the three lists in step). Each area is a noisy circle of 200 to
--     795 vertices, radius varying by up to +-21% with the angle: a
--     star-shaped ring, hence always a valid simple polygon. The node cloud
--     is 8% wider than the nominal radius, so a share of each city's nodes
--     falls outside every layer. Prato/Firenze and Messina/Reggio Calabria
--     overlap;
--   * 2 suburban layers overlapping Roma and Milano (nodes in both are
--     ambiguous: with the default policy they go to the default layer);
--   * 9 rural layers away from the cities, catching some of the nodes
--     scattered over Italy;
--   * 'Default' (id 50), a Point area in Umbria outside every polygon: the
--     default layer of the benchmark runs (nodes in no polygon, or in
--     several, land there).

with shapes (id, code, name, lat, lng, radius_km) as (
    values
    ( 1, 'roma',            'Roma',            41.8930, 12.4970, 25.0),
    ( 2, 'milano',          'Milano',          45.4642,  9.1900, 20.0),
    ( 3, 'napoli',          'Napoli',          40.8518, 14.2681, 16.0),
    ( 4, 'torino',          'Torino',          45.0703,  7.6869, 15.0),
    ( 5, 'palermo',         'Palermo',         38.1157, 13.3615, 12.0),
    ( 6, 'genova',          'Genova',          44.4056,  8.9463, 12.0),
    ( 7, 'bologna',         'Bologna',         44.4949, 11.3426, 13.0),
    ( 8, 'firenze',         'Firenze',         43.7696, 11.2558, 13.0),
    ( 9, 'bari',            'Bari',            41.1171, 16.8719, 11.0),
    (10, 'catania',         'Catania',         37.5079, 15.0830, 10.0),
    (11, 'venezia',         'Venezia',         45.4408, 12.3155, 12.0),
    (12, 'verona',          'Verona',          45.4384, 10.9916, 10.0),
    (13, 'messina',         'Messina',         38.1938, 15.5540,  8.0),
    (14, 'padova',          'Padova',          45.4064, 11.8768,  9.0),
    (15, 'trieste',         'Trieste',         45.6495, 13.7768,  8.0),
    (16, 'brescia',         'Brescia',         45.5416, 10.2118,  9.0),
    (17, 'parma',           'Parma',           44.8015, 10.3279,  8.0),
    (18, 'taranto',         'Taranto',         40.4644, 17.2470,  8.0),
    (19, 'prato',           'Prato',           43.8777, 11.1022,  6.0),
    (20, 'modena',          'Modena',          44.6471, 10.9252,  8.0),
    (21, 'reggio-calabria', 'Reggio Calabria', 38.1113, 15.6473,  7.0),
    (22, 'reggio-emilia',   'Reggio Emilia',   44.6989, 10.6297,  7.0),
    (23, 'perugia',         'Perugia',         43.1107, 12.3908,  8.0),
    (24, 'livorno',         'Livorno',         43.5485, 10.3106,  7.0),
    (25, 'ravenna',         'Ravenna',         44.4184, 12.2035,  8.0),
    (26, 'cagliari',        'Cagliari',        39.2238,  9.1217,  9.0),
    (27, 'foggia',          'Foggia',          41.4622, 15.5446,  7.0),
    (28, 'rimini',          'Rimini',          44.0678, 12.5695,  7.0),
    (29, 'salerno',         'Salerno',         40.6824, 14.7681,  7.0),
    (30, 'ferrara',         'Ferrara',         44.8381, 11.6198,  7.0),
    (31, 'sassari',         'Sassari',         40.7259,  8.5557,  7.0),
    (32, 'latina',          'Latina',          41.4676, 12.9036,  7.0),
    (33, 'pisa',            'Pisa',            43.7228, 10.4017,  7.0),
    (34, 'trento',          'Trento',          46.0748, 11.1217,  8.0),
    (35, 'bolzano',         'Bolzano',         46.4983, 11.3548,  7.0),
    (36, 'ancona',          'Ancona',          43.6158, 13.5189,  7.0),
    (37, 'forli',           'Forlì',           44.2227, 12.0407,  6.0),
    (38, 'cesena',          'Cesena',          44.1391, 12.2431,  6.0),
    -- suburbs overlapping a city layer
    (39, 'castelli-romani', 'Castelli Romani', 41.7500, 12.7000, 15.0),
    (40, 'brianza',         'Brianza',         45.6500,  9.2500, 14.0),
    -- rural areas
    (41, 'abruzzo',         'Abruzzo',         42.2000, 13.8000, 45.0),
    (42, 'basilicata',      'Basilicata',      40.5000, 16.1000, 40.0),
    (43, 'valle-d-aosta',   'Valle d''Aosta',  45.7400,  7.3200, 28.0),
    (44, 'calabria',        'Calabria',        39.1000, 16.4000, 45.0),
    (45, 'marche',          'Marche',          43.2000, 13.1000, 30.0),
    (46, 'molise',          'Molise',          41.6000, 14.5000, 28.0),
    (47, 'friuli',          'Friuli',          46.0600, 13.2300, 32.0),
    (48, 'sicilia-interna', 'Sicilia interna', 37.5500, 14.2000, 45.0),
    (49, 'salento',         'Salento',         40.2000, 18.1700, 30.0)
),

rings as (
    select
        shapes.id,
        st_makepolygon(st_makeline(array_agg(
            st_makepoint(
                shapes.lng + r.km * sin(r.a) / (111.2 * cos(radians(shapes.lat))),
                shapes.lat + r.km * cos(r.a) / 111.2
            )
            order by r.k
        ))) as area,
        count(*) - 1 as vertices
    from shapes
    cross join lateral (
        select
            k,
            2 * pi() * (k % (200 + (shapes.id * 37) % 600)) / (200 + (shapes.id * 37) % 600) as a,
            shapes.radius_km * (
                1
                + 0.12 * sin(3 * 2 * pi() * (k % (200 + (shapes.id * 37) % 600)) / (200 + (shapes.id * 37) % 600) + shapes.id)
                + 0.06 * sin(7 * 2 * pi() * (k % (200 + (shapes.id * 37) % 600)) / (200 + (shapes.id * 37) % 600) + 2 * shapes.id)
                + 0.03 * sin(17 * 2 * pi() * (k % (200 + (shapes.id * 37) % 600)) / (200 + (shapes.id * 37) % 600) + 3 * shapes.id)
            ) as km
        -- k = 0 .. V: the last point closes the ring on the first one
        from generate_series(0, 200 + (shapes.id * 37) % 600) as k
    ) as r
    group by shapes.id
)

insert into layers_layer
    (id, added, updated, name, slug, description, text, is_published,
     is_external, area, organization, website, email,
     nodes_minimum_distance, new_nodes_allowed, data)
select
    shapes.id,
    '2009-01-01 00:00:00+00',
    '2015-06-30 12:00:00+00',
    shapes.name,
    shapes.code,
    format('Rete comunitaria: %s (%s vertici)', shapes.name, rings.vertices),
    null,
    true,
    false,
    st_setsrid(rings.area, 4326),
    'Ninux ' || shapes.name,
    null,
    '',
    0,
    true,
    ''::hstore
from shapes
inner join rings on shapes.id = rings.id
order by shapes.id;

insert into layers_layer
    (id, added, updated, name, slug, description, text, is_published,
     is_external, area, organization, website, email,
     nodes_minimum_distance, new_nodes_allowed, data)
values
    (50, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Default', 'default', 'Nodi fuori da ogni area (layer di ripiego per l''import)', null, true, false,
     st_geomfromtext('POINT(12.6500 42.9000)', 4326),
     'Ninux', null, '', 0, true, ''::hstore);

select setval('layers_layer_id_seq', (select max(id) from layers_layer));

-- Demo target layers (PostgreSQL + PostGIS + hstore) for the bundled sample
-- legacy database built by sql/demo/sample_legacy_sqlite.sql.
--
-- One polygon layer per demo city (ids 1-10), a larger regional layer
-- 'Lazio' (id 11) that overlaps 'Roma' (nodes in both are ambiguous: the
-- reference importer would put them in the default layer when run with
-- --noinput), and a Point-area layer 'Default' (id 12) for nodes outside
-- every polygon: point the importer's default-layer setting / dbt variable
-- at 12 for the demo. The Default point (Perugia, Umbria) lies outside every
-- polygon and no demo node sits exactly on it, so it contains no node.
--
-- City polygons are irregular rings drawn around each city (10-22
-- vertices), Lazio a rough 25-vertex outline of the region; all are valid
-- simple polygons (checked with ST_IsValid). Most sample nodes fall inside
-- a city polygon; the "suburb" nodes may fall outside it, and the ten
-- remote-town nodes are outside every polygon (Latina is in Lazio only).
--
-- layers_layer has no DB defaults: every column is supplied. Run on an empty
-- layers_layer; the sequence is advanced past the explicit ids at the end.

INSERT INTO layers_layer
    (id, added, updated, name, slug, description, text, is_published,
     is_external, area, organization, website, email,
     nodes_minimum_distance, new_nodes_allowed, data)
VALUES
    (1, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Roma', 'roma', 'Rete comunitaria di Roma (comune e GRA)', NULL, true, false,
     ST_GeomFromText('POLYGON((12.7350 41.9065, 12.6888 41.9274, 12.6683 41.9897, 12.6577 42.0177, 12.5680 42.0324, 12.5355 42.0524, 12.4460 42.0632, 12.4054 42.0666, 12.3518 42.0025, 12.3066 41.9899, 12.2553 41.9262, 12.2920 41.8957, 12.2919 41.8279, 12.2868 41.7933, 12.3453 41.7851, 12.4075 41.7353, 12.4379 41.7133, 12.5306 41.7403, 12.5711 41.7279, 12.6695 41.7587, 12.6641 41.8000, 12.7166 41.8565, 12.7350 41.9065))', 4326),
     'Ninux Roma', 'http://roma.ninux.org/', 'roma@ninux.org', 0, true, ''::hstore),
    (2, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Milano', 'milano', 'Nodi di Milano e cintura', NULL, true, false,
     ST_GeomFromText('POLYGON((9.3209 45.4604, 9.3233 45.5104, 9.3106 45.5398, 9.2681 45.5431, 9.2100 45.5690, 9.1746 45.5780, 9.1143 45.5473, 9.0776 45.5354, 9.0332 45.4908, 9.0541 45.4632, 9.0465 45.4377, 9.0950 45.4013, 9.1151 45.3775, 9.1791 45.3531, 9.2117 45.3721, 9.2463 45.3702, 9.3147 45.3928, 9.3140 45.4268, 9.3209 45.4604))', 4326),
     'Ninux Milano', NULL, 'milano@ninux.org', 0, true, ''::hstore),
    (3, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Napoli', 'napoli', 'Napoli e comuni vicini', NULL, true, false,
     ST_GeomFromText('POLYGON((14.4116 40.8885, 14.4133 40.9080, 14.4006 40.9285, 14.3235 40.9424, 14.2833 40.9517, 14.2406 40.9383, 14.1718 40.9252, 14.1365 40.9116, 14.1416 40.8748, 14.1399 40.8545, 14.1843 40.8429, 14.2389 40.8205, 14.2807 40.8118, 14.3204 40.8231, 14.3920 40.8378, 14.3956 40.8609, 14.4116 40.8885))', 4326),
     'Ninux Napoli', NULL, '', 0, true, ''::hstore),
    (4, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Torino', 'torino', 'Torino e prima cintura', NULL, true, false,
     ST_GeomFromText('POLYGON((7.8128 45.0664, 7.7942 45.0933, 7.7699 45.1407, 7.7275 45.1448, 7.6973 45.1599, 7.6291 45.1586, 7.6072 45.1326, 7.5742 45.1120, 7.5813 45.0605, 7.5794 45.0318, 7.6103 45.0153, 7.6300 44.9914, 7.6977 44.9707, 7.7298 44.9913, 7.7673 44.9984, 7.7910 45.0462, 7.8128 45.0664))', 4326),
     'Ninux Torino', NULL, '', 0, true, ''::hstore),
    (5, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Firenze', 'firenze', 'Firenze e piana', NULL, true, false,
     ST_GeomFromText('POLYGON((11.3587 43.7746, 11.3597 43.8034, 11.3419 43.8330, 11.2677 43.8456, 11.2208 43.8512, 11.1857 43.8259, 11.1480 43.8084, 11.1514 43.7774, 11.1499 43.7289, 11.1913 43.7146, 11.2271 43.6933, 11.2740 43.6831, 11.3355 43.7154, 11.3763 43.7349, 11.3587 43.7746))', 4326),
     'Ninux Firenze', 'http://firenze.ninux.org/', 'firenze@ninux.org', 0, true, ''::hstore),
    (6, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Bologna', 'bologna', 'Bologna e colli', NULL, true, false,
     ST_GeomFromText('POLYGON((11.4701 44.4852, 11.4386 44.5327, 11.4174 44.5617, 11.3654 44.5655, 11.3200 44.5749, 11.2821 44.5559, 11.2260 44.5222, 11.2358 44.4905, 11.2359 44.4567, 11.2770 44.4405, 11.3090 44.4160, 11.3558 44.4243, 11.4274 44.4373, 11.4408 44.4702, 11.4701 44.4852))', 4326),
     'Ninux Bologna', NULL, '', 0, true, ''::hstore),
    (7, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Pisa', 'pisa', 'Pisa e litorale', NULL, true, false,
     ST_GeomFromText('POLYGON((10.5176 43.7180, 10.5203 43.7578, 10.4737 43.7792, 10.3988 43.8049, 10.3513 43.7827, 10.3031 43.7614, 10.3042 43.7206, 10.3018 43.6807, 10.3525 43.6599, 10.4030 43.6387, 10.4604 43.6562, 10.5141 43.6735, 10.5176 43.7180))', 4326),
     'Ninux Pisa', 'http://pisa.ninux.org/', '', 0, true, ''::hstore),
    (8, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Bari', 'bari', 'Bari e hinterland', NULL, true, false,
     ST_GeomFromText('POLYGON((16.9676 41.0741, 16.9687 41.1049, 16.9199 41.1218, 16.8667 41.1391, 16.8137 41.1255, 16.7566 41.1128, 16.7490 41.0805, 16.7431 41.0475, 16.7945 41.0254, 16.8462 41.0059, 16.9339 41.0232, 16.9593 41.0512, 16.9676 41.0741))', 4326),
     'Ninux Bari', NULL, '', 0, true, ''::hstore),
    (9, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Palermo', 'palermo', 'Palermo e Conca dOro', NULL, true, false,
     ST_GeomFromText('POLYGON((13.3975 38.0958, 13.3833 38.1224, 13.3740 38.1513, 13.3444 38.1568, 13.3147 38.1655, 13.2910 38.1456, 13.2640 38.1252, 13.2629 38.0934, 13.2772 38.0674, 13.2891 38.0391, 13.3191 38.0335, 13.3519 38.0256, 13.3770 38.0450, 13.3878 38.0726, 13.3975 38.0958))', 4326),
     'Ninux Palermo', NULL, '', 0, true, ''::hstore),
    (10, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Venezia', 'venezia', 'Venezia, Mestre e laguna', NULL, true, false,
     ST_GeomFromText('POLYGON((12.3576 45.4673, 12.3336 45.4998, 12.2983 45.5276, 12.2477 45.5198, 12.2138 45.4930, 12.1925 45.4590, 12.2204 45.4273, 12.2391 45.4063, 12.2945 45.4082, 12.3327 45.4307, 12.3576 45.4673))', 4326),
     'Ninux Venezia', NULL, '', 0, true, ''::hstore),
    (11, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Lazio', 'lazio', 'Regione Lazio (layer regionale, si sovrappone a ''Roma'')', NULL, true, false,
     ST_GeomFromText('POLYGON((11.45 42.38, 11.60 42.55, 11.75 42.65, 11.90 42.84, 12.05 42.70, 12.30 42.65, 12.50 42.55, 12.85 42.70, 13.20 42.75, 13.40 42.60, 13.25 42.35, 13.05 42.10, 13.40 41.90, 13.70 41.75, 14.03 41.50, 13.95 41.30, 13.75 41.22, 13.55 41.25, 13.05 41.23, 12.80 41.40, 12.60 41.45, 12.25 41.72, 12.10 41.90, 11.80 42.05, 11.60 42.28, 11.45 42.38))', 4326),
     'Ninux Lazio', NULL, '', 0, true, ''::hstore),
    (12, '2009-01-01 00:00:00+00', '2015-06-30 12:00:00+00',
     'Default', 'default', 'Nodi fuori da ogni area (layer di ripiego per l''import)', NULL, true, false,
     ST_GeomFromText('POINT(12.3888 43.1107)', 4326),
     'Ninux', NULL, '', 0, true, ''::hstore);

SELECT setval('layers_layer_id_seq', (SELECT max(id) FROM layers_layer));

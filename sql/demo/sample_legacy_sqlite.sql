-- Bundled SAMPLE legacy nodeshot 0.9 database (SQLite flavour).
--
-- Build (empty database file, schema first):
--   sqlite3 sample.db < sql/legacy/sqlite.sql
--   sqlite3 sample.db < sql/demo/sample_legacy_sqlite.sql
--
-- Everything is generated here in SQL from row numbers: no random(), no
-- external data, so every build gives byte-identical rows. Pseudo-random
-- values come from
--     h(x, s) = ((((x*7919 + s*104729) % 10007) * (s+13) + (x*x) % 997) % 1000)
-- (x = row number, s = a per-column salt), written out inline below.
-- Requires SQLite >= 3.25 (window functions); no math functions are used.
--
-- Content (clean data: valid coordinates, emails, IPs, MACs, channels; the
-- dirty-data fixtures live elsewhere):
--   * 300 nodes around ten Italian cities (Roma, Milano, Napoli, Torino,
--     Firenze, Bologna, Pisa, Bari, Palermo, Venezia) plus eleven towns far
--     from those cities (one node each; Latina lies inside the demo 'Lazio'
--     layer only, the other ten lie outside every demo layer). About one node
--     in twelve is a "suburb" node placed further out (may fall outside its
--     city layer). Names 'Nodo <Citta> <k>' / slugs 'nodo-<citta>-<k>'.
--   * 90 owners (Italian names, some with accents or apostrophes, two distinct
--     'Marco Rossi' with different emails), one email each (always written
--     the same way); 87 of them own nodes, ~3.4 nodes per email (1 to 9);
--     a few nodes have a blank owner ''; some have email2 (a co-owner).
--   * statuses a, p, ah, h, u (mostly a/p); 'u' nodes have an activation key,
--     a raw-text password and no devices.
--   * 3 auth_user admins ('admin' superuser, 'niccolo' staff whose email is
--     also a node owner's email, 'vecchio-admin' with the unusable '!').
--   * devices (1-2 per non-'u' node; olsr / batman / ospf), interfaces of all
--     seven legacy types, links between wifi interfaces of the same city (some
--     hidden), HNA routes, contacts, yearly statistics.
--
-- Channels 2427 / 2432 (the ambiguous channel 4/5 values) are deliberately
-- not used, nor the 4.9 GHz band: every stored channel is valid in 1.x.

BEGIN;

-- ---------------------------------------------------------------- helpers --

CREATE TEMP TABLE demo_city (
    id          integer PRIMARY KEY,
    code        text,     -- used in slugs, device names, essids
    name        text,     -- used in node names
    lat         real,
    lng         real,
    dlat0 real, dlat1 real, dlng0 real, dlng1 real,  -- node offset box (deg)
    nodes       integer,
    owners      integer,
    postal_base integer,
    postal_span integer,
    alt_base    real,
    alt_span    real,
    octet       integer   -- second octet of the 10.x.y.z addresses
);

INSERT INTO demo_city VALUES
 ( 1, 'roma',       'Roma',       41.8930, 12.4970, -0.130, 0.130, -0.170, 0.170, 59, 17,   118, 81,  20, 60,  1),
 ( 2, 'milano',     'Milano',     45.4642,  9.1900, -0.080, 0.080, -0.110, 0.110, 45, 13, 20121, 42, 110, 35,  2),
 ( 3, 'napoli',     'Napoli',     40.8518, 14.2681, -0.020, 0.080, -0.100, 0.120, 30,  9, 80121, 27,  10, 190, 3),
 ( 4, 'torino',     'Torino',     45.0703,  7.6869, -0.070, 0.070, -0.090, 0.090, 30,  9, 10121, 36, 220, 80,  4),
 ( 5, 'firenze',    'Firenze',    43.7696, 11.2558, -0.060, 0.060, -0.090, 0.090, 25,  7, 50121, 25,  40, 60,  5),
 ( 6, 'bologna',    'Bologna',    44.4949, 11.3426, -0.060, 0.060, -0.090, 0.090, 25,  7, 40121, 21,  40, 80,  6),
 ( 7, 'pisa',       'Pisa',       43.7228, 10.4017, -0.060, 0.060, -0.080, 0.100, 20,  6, 56121,  8,   2, 18,  7),
 ( 8, 'bari',       'Bari',       41.1171, 16.8719, -0.090, 0.005, -0.100, 0.080, 20,  6, 70121, 12,   5, 55,  8),
 ( 9, 'palermo',    'Palermo',    38.1157, 13.3615, -0.070, 0.030, -0.080, 0.020, 20,  6, 90121, 31,  10, 90,  9),
 (10, 'venezia',    'Venezia',    45.4408, 12.3155, -0.020, 0.070, -0.100, 0.020, 15,  4, 30121, 56,   1,  9, 10),
 (11, 'nuoro',      'Nuoro',      40.3209,  9.3300, -0.010, 0.010, -0.010, 0.010,  1,  1,  8100,  1, 550, 20, 21),
 (12, 'cosenza',    'Cosenza',    39.2983, 16.2537, -0.010, 0.010, -0.010, 0.010,  1,  0, 87100,  1, 230, 20, 22),
 (13, 'aosta',      'Aosta',      45.7370,  7.3201, -0.010, 0.010, -0.010, 0.010,  1,  1, 11100,  1, 580, 20, 23),
 (14, 'bolzano',    'Bolzano',    46.4983, 11.3548, -0.010, 0.010, -0.010, 0.010,  1,  0, 39100,  1, 260, 20, 24),
 (15, 'ancona',     'Ancona',     43.6158, 13.5189, -0.010, 0.010, -0.010, 0.010,  1,  1, 60121,  1,  15, 20, 25),
 (16, 'campobasso', 'Campobasso', 41.5603, 14.6627, -0.010, 0.010, -0.010, 0.010,  1,  0, 86100,  1, 700, 20, 26),
 (17, 'lecce',      'Lecce',      40.3516, 18.1750, -0.010, 0.010, -0.010, 0.010,  1,  0, 73100,  1,  49, 20, 27),
 (18, 'trieste',    'Trieste',    45.6495, 13.7768, -0.010, 0.010, -0.010, 0.010,  1,  1, 34121,  1,   2, 20, 28),
 (19, 'cagliari',   'Cagliari',   39.2238,  9.1217, -0.010, 0.010, -0.010, 0.010,  1,  0,  9121,  1,   4, 20, 29),
 (20, 'potenza',    'Potenza',    40.6404, 15.8056, -0.010, 0.010, -0.010, 0.010,  1,  0, 85100,  1, 819, 20, 30),
 (21, 'latina',     'Latina',     41.4676, 12.9036, -0.010, 0.010, -0.010, 0.010,  1,  0,  4100,  1,  21, 20, 31);

-- Owners: cities 1-10 get their own owners; the 'owners' numbers of the
-- eleven towns (4 in total) form one shared "remote" pool (city_id 0 in
-- demo_owner), used by all eleven town nodes.

-- cumulative ranges: node positions and owner indexes per city
CREATE TEMP TABLE demo_city_range AS
SELECT id AS city_id,
       coalesce(sum(nodes)  OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pos0,
       coalesce(sum(owners) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS own0
FROM demo_city;

CREATE TEMP TABLE demo_first (i integer PRIMARY KEY, v text);
INSERT INTO demo_first VALUES
 ( 0,'Niccolò'),( 1,'Lucia'),( 2,'Giuseppe'),( 3,'Francesca'),( 4,'Andrea'),
 ( 5,'Chiara'),( 6,'Luca'),( 7,'Martina'),( 8,'Matteo'),( 9,'Giulia'),
 (10,'Davide'),(11,'Sara'),(12,'Simone'),(13,'Elena'),(14,'Federico'),
 (15,'Alessia'),(16,'Lorenzo'),(17,'Valentina'),(18,'Gianmarco'),(19,'Silvia'),
 (20,'Nicolò'),(21,'Ilaria'),(22,'Gabriele'),(23,'Beatrice'),(24,'Riccardo'),
 (25,'Elisa'),(26,'Tommaso'),(27,'Aurora'),(28,'Giosuè'),(29,'Federica'),
 (30,'Stefano'),(31,'Roberta'),(32,'Paolo'),(33,'Anna'),(34,'Noè'),
 (35,'Giorgia'),(36,'Antonio'),(37,'Irene'),(38,'Salvatore'),(39,'Noemi'),
 (40,'Vincenzo'),(41,'Camilla'),(42,'Pietro'),(43,'Lucrezia');

CREATE TEMP TABLE demo_last (i integer PRIMARY KEY, v text);
INSERT INTO demo_last VALUES
 ( 0,'Bianchi'),( 1,'D''Amico'),( 2,'Esposito'),( 3,'Russo'),( 4,'Ferrari'),
 ( 5,'Romano'),( 6,'Colombo'),( 7,'Ricci'),( 8,'Marino'),( 9,'Greco'),
 (10,'Bruno'),(11,'Gallo'),(12,'Conti'),(13,'De Luca'),(14,'Mancini'),
 (15,'Costa'),(16,'Giordano'),(17,'Rizzo'),(18,'Lombardi'),(19,'Moretti'),
 (20,'Barbieri'),(21,'Fontana'),(22,'Santoro'),(23,'Mariani'),(24,'Rinaldi'),
 (25,'Caruso'),(26,'Ferrara'),(27,'Galli'),(28,'Cantù'),(29,'Leone'),
 (30,'Longo'),(31,'Gentile'),(32,'Martinelli'),(33,'Vitale'),(34,'Pelù'),
 (35,'Serra'),(36,'Coppola'),(37,'De Santis'),(38,'D''Angelo'),(39,'Marchetti'),
 (40,'Dell''Acqua'),(41,'Parisi'),(42,'Villa'),(43,'Sanna');

CREATE TEMP TABLE demo_domain (i integer PRIMARY KEY, v text);
INSERT INTO demo_domain VALUES
 (0,'gmail.com'),(1,'libero.it'),(2,'tiscali.it'),(3,'ninux.org'),
 (4,'alice.it'),(5,'yahoo.it'),(6,'fastwebnet.it'),(7,'email.it');

-- owners: 88 generated (unique first/last pairs) + 2 homonyms 'Marco Rossi'
CREATE TEMP TABLE demo_owner (
    id      integer PRIMARY KEY,
    city_id integer,   -- 0 = pool for the remote towns
    name    text,
    email   text
);

WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < 87),
pairs AS (
    SELECT s.i,
           f.v AS first,
           l.v AS last,
           d.v AS domain
    FROM seq s
    JOIN demo_first f ON f.i = s.i % 44
    JOIN demo_last  l ON l.i = CASE WHEN s.i < 44 THEN s.i ELSE (s.i * 7 + 3) % 44 END
    JOIN demo_domain d ON d.i = (s.i * 3) % 8
),
ascii AS (
    SELECT i, first, last, domain,
           lower(replace(replace(replace(replace(replace(first,
               'ò','o'),'è','e'),'ù','u'),'''',''),' ','')) AS af,
           lower(replace(replace(replace(replace(replace(last,
               'ò','o'),'è','e'),'ù','u'),'''',''),' ','')) AS al
    FROM pairs
)
INSERT INTO demo_owner (id, city_id, name, email)
SELECT a.i + 1,
       coalesce((SELECT c.id FROM demo_city c JOIN demo_city_range r ON r.city_id = c.id
                 WHERE c.owners > 0 AND a.i >= r.own0 AND a.i < r.own0 + c.owners
                   AND c.id <= 10), 0),
       a.first || ' ' || a.last,
       CASE a.i % 4
            WHEN 0 THEN a.af || '.' || a.al
            WHEN 1 THEN substr(a.af, 1, 1) || a.al
            WHEN 2 THEN a.af || '.' || a.al || (60 + a.i % 40)
            ELSE a.af || '_' || a.al
       END || '@' || a.domain
FROM ascii a;

INSERT INTO demo_owner (id, city_id, name, email) VALUES
 (89, 1, 'Marco Rossi', 'marco.rossi@libero.it'),
 (90, 2, 'Marco Rossi', 'mrossi75@gmail.com');

-- owner rank inside its city (0-based) and owners per city
CREATE TEMP TABLE demo_owner_rank AS
SELECT id, city_id,
       row_number() OVER (PARTITION BY city_id ORDER BY id) - 1 AS j,
       count(*)     OVER (PARTITION BY city_id)                AS cnt
FROM demo_owner;

-- ------------------------------------------------------------------ nodes --

-- n = node id 1..300; pos = (n*37) % 300 interleaves the cities over the ids
CREATE TEMP TABLE demo_node AS
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 300),
placed AS (
    SELECT s.n, c.id AS city_id
    FROM seq s
    JOIN demo_city c
    JOIN demo_city_range r ON r.city_id = c.id
    WHERE (s.n * 37) % 300 >= r.pos0 AND (s.n * 37) % 300 < r.pos0 + c.nodes
),
ranked AS (
    SELECT n, city_id,
           row_number() OVER (PARTITION BY city_id ORDER BY n) AS k,
           ((((n*7919 +  1*104729) % 10007) * (1+13)  + (n*n) % 997) % 1000) AS r1,
           ((((n*7919 +  2*104729) % 10007) * (2+13)  + (n*n) % 997) % 1000) AS r2,
           ((((n*7919 +  3*104729) % 10007) * (3+13)  + (n*n) % 997) % 1000) AS r3,
           ((((n*7919 +  4*104729) % 10007) * (4+13)  + (n*n) % 997) % 1000) AS r4,
           ((((n*7919 +  5*104729) % 10007) * (5+13)  + (n*n) % 997) % 1000) AS r5,
           ((((n*7919 +  6*104729) % 10007) * (6+13)  + (n*n) % 997) % 1000) AS r6,
           ((((n*7919 +  7*104729) % 10007) * (7+13)  + (n*n) % 997) % 1000) AS r7,
           ((((n*7919 +  8*104729) % 10007) * (8+13)  + (n*n) % 997) % 1000) AS r8,
           ((((n*7919 +  9*104729) % 10007) * (9+13)  + (n*n) % 997) % 1000) AS r9,
           ((((n*7919 + 10*104729) % 10007) * (10+13) + (n*n) % 997) % 1000) AS r10,
           ((((n*7919 + 11*104729) % 10007) * (11+13) + (n*n) % 997) % 1000) AS r11,
           ((((n*7919 + 12*104729) % 10007) * (12+13) + (n*n) % 997) % 1000) AS r12
    FROM placed
)
SELECT r.*,
       -- ids grow with time: about 8.4 days between consecutive nodes
       datetime('2009-01-10 09:00:00',
                '+' || ((r.n - 1) * 2520 / 300 + r.r10 % 8) || ' days',
                '+' || (r.r2 * 53 % 43200) || ' seconds') AS added_at,
       -- suburb nodes (main cities only) get a 1.8x wider offset
       CASE WHEN r.city_id <= 10 AND r.r11 < 85 THEN 1.8 ELSE 1.0 END AS spread,
       CASE WHEN r.r5 < 460 THEN 'a'
            WHEN r.r5 < 800 THEN 'p'
            WHEN r.r5 < 880 THEN 'ah'
            WHEN r.r5 < 940 THEN 'h'
            ELSE 'u' END AS status,
       (SELECT o.id FROM demo_owner_rank o
         WHERE o.city_id = CASE WHEN r.city_id <= 10 THEN r.city_id ELSE 0 END
           AND o.j = r.r12 % o.cnt) AS owner_id,
       -- co-owner (email2): the next owner of the same city
       (SELECT o.id FROM demo_owner_rank o
         WHERE o.city_id = CASE WHEN r.city_id <= 10 THEN r.city_id ELSE 0 END
           AND o.j = (r.r12 + 1) % o.cnt) AS co_owner_id,
       -- 40 hex chars, e.g. for sha1-looking values
       printf('%08x%08x%08x%08x%08x',
              (r.n * 2654435761 + 11) % 4294967296,
              (r.n * 2246822519 + 23) % 4294967296,
              (r.n * 3266489917 + 37) % 4294967296,
              (r.n *  668265263 + 41) % 4294967296,
              (r.n *  374761393 + 53) % 4294967296) AS hex1,
       printf('%08x%08x%08x%08x%08x',
              (r.n * 3266489917 + 71) % 4294967296,
              (r.n * 2654435761 + 83) % 4294967296,
              (r.n *  374761393 + 97) % 4294967296,
              (r.n * 2246822519 + 101) % 4294967296,
              (r.n *  668265263 + 113) % 4294967296) AS hex2
FROM ranked r;

CREATE TEMP TABLE demo_phrase (i integer PRIMARY KEY, v text);
INSERT INTO demo_phrase VALUES
 (0, 'Antenna sul tetto del condominio'),
 (1, 'Nodo su terrazzo, copertura verso il centro'),
 (2, 'Installazione presso associazione culturale'),
 (3, 'Balcone al quinto piano, vista libera a sud'),
 (4, 'Hotspot libero per la piazza'),
 (5, 'Nodo backbone su torre piezometrica'),
 (6, 'Punto di accesso per il quartiere'),
 (7, 'Ripetitore sul campanile, con il permesso della parrocchia'),
 (8, 'Nodo in casa, solo client'),
 (9, 'Palo sul lastrico solare, alimentazione PoE dal sottotetto');

CREATE TEMP TABLE demo_note (i integer PRIMARY KEY, v text);
INSERT INTO demo_note VALUES
 (0, 'Chiavi del tetto dal portiere, citofonare interno 4.'),
 (1, 'Alimentatore sostituito dopo il temporale di agosto.'),
 (2, 'In attesa di un secondo puntamento verso il centro.'),
 (3, 'Accesso solo il sabato mattina.'),
 (4, 'Il proprietario preferisce essere contattato via email.');

INSERT INTO nodeshot_node
    (id, name, slug, owner, description, postal_code, email, email2, email3,
     password, lat, lng, alt, status, activation_key, notes, added, updated)
SELECT d.n,
       'Nodo ' || c.name || ' ' || d.k,
       'nodo-' || c.code || '-' || d.k,
       CASE WHEN d.r9 % 20 = 7 THEN '' ELSE o.name END,
       CASE WHEN d.r10 % 10 = 9 THEN ''
            ELSE p.v || ' - ' || c.name END,
       printf('%05d', c.postal_base + d.r7 % c.postal_span),
       o.email,
       CASE WHEN d.r8 % 15 = 0 AND d.co_owner_id <> d.owner_id THEN
                 (SELECT email FROM demo_owner WHERE id = d.co_owner_id)
            WHEN d.r8 % 15 IN (1, 2, 3) THEN ''
            ELSE NULL END,
       CASE WHEN d.r8 % 15 IN (1, 2, 3) THEN '' ELSE NULL END,
       CASE WHEN d.status = 'u' THEN lower(substr(c.code, 1, 4)) || 'pwd' || (d.r2 % 90 + 10)
            ELSE 'sha1$' || substr(d.hex2, 1, 5) || '$' || d.hex1 END,
       round(c.lat + (c.dlat0 + (c.dlat1 - c.dlat0) * (d.r1 + d.r2) / 2000.0) * d.spread, 7),
       round(c.lng + (c.dlng0 + (c.dlng1 - c.dlng0) * (d.r3 + d.r4) / 2000.0) * d.spread, 7),
       CASE WHEN d.r6 % 8 = 0 THEN NULL
            ELSE round(c.alt_base + c.alt_span * d.r6 / 1000.0, 1) END,
       d.status,
       CASE WHEN d.status = 'u' THEN d.hex2 ELSE '' END,
       CASE WHEN d.r9 % 5 = 0 THEN (SELECT v FROM demo_note WHERE i = d.r10 % 5)
            WHEN d.r9 % 5 = 1 THEN ''
            ELSE NULL END,
       d.added_at,
       -- updated: 0-399 days later, never after 2015-12-31
       datetime(d.added_at,
                '+' || (d.r3 % max(1, min(400, CAST(julianday('2015-12-31 12:00:00') - julianday(d.added_at) AS integer)))) || ' days',
                '+' || (d.r4 * 17 % 36000) || ' seconds')
FROM demo_node d
JOIN demo_city c   ON c.id = d.city_id
JOIN demo_owner o  ON o.id = d.owner_id
JOIN demo_phrase p ON p.i = d.r7 % 10
ORDER BY d.n;

-- -------------------------------------------------------------- auth_user --

INSERT INTO auth_user
    (id, username, first_name, last_name, email, password,
     is_staff, is_active, is_superuser, last_login, date_joined)
VALUES
 (1, 'admin', 'Amministratore', 'Ninux', 'admin@ninux.org',
  'pbkdf2_sha256$10000$Xq3vB7kLm2Pz$Zk9mO4lq2V3s8nYw1RtE6uJc0aHfDgP5iKbLxMvNoQ8=',
  1, 1, 1, '2015-11-28 21:14:03', '2009-01-05 10:12:44'),
 (2, 'niccolo', 'Niccolò', 'Bianchi', 'niccolo.bianchi@gmail.com',
  'sha1$a81f2$5b7e0c9d4f1a2e3b6c8d7f9e0a1b2c3d4e5f6a7b',
  1, 1, 0, '2014-06-02 08:40:51', '2010-03-17 18:25:09'),
 (3, 'vecchio-admin', 'Giorgio', 'Sala', 'giorgio.sala@ninux.org',
  '!',
  1, 1, 0, '2011-09-30 12:00:00', '2009-02-11 16:45:30');

-- ---------------------------------------------------------------- devices --

CREATE TEMP TABLE demo_model (i integer PRIMARY KEY, model text, code text, oui text);
INSERT INTO demo_model VALUES
 (0, 'Ubiquiti NanoStation M5',  'nsm5',    '00:27:22'),
 (1, 'Ubiquiti NanoStation M2',  'nsm2',    '00:15:6D'),
 (2, 'Ubiquiti Bullet M5',       'bm5',     'DC:9F:DB'),
 (3, 'Ubiquiti PicoStation M2',  'picom2',  '00:27:22'),
 (4, 'Ubiquiti Rocket M5',       'rm5',     'DC:9F:DB'),
 (5, 'MikroTik RouterBOARD 433', 'rb433',   'D4:CA:6D'),
 (6, 'TP-Link TL-WR1043ND',      'wr1043',  'F4:EC:38'),
 (7, 'Linksys WRT54GL',          'wrt54gl', '00:1D:7E'),
 (8, 'PC Engines ALIX 2D2',      'alix',    '00:0D:B9'),
 (9, 'Fonera FON2100',           'fonera',  '00:18:84');

CREATE TEMP TABLE demo_device AS
WITH nd AS (
    SELECT d.n, d.k, d.city_id, c.code, c.octet, nn.added AS node_added, 1 AS dn
    FROM demo_node d JOIN demo_city c ON c.id = d.city_id
    JOIN nodeshot_node nn ON nn.id = d.n
    WHERE d.status <> 'u'
    UNION ALL
    SELECT d.n, d.k, d.city_id, c.code, c.octet, nn.added, 2
    FROM demo_node d JOIN demo_city c ON c.id = d.city_id
    JOIN nodeshot_node nn ON nn.id = d.n
    WHERE d.status <> 'u' AND d.r6 % 3 = 0
),
numbered AS (
    SELECT nd.*, row_number() OVER (ORDER BY n, dn) AS id FROM nd
)
SELECT x.*,
       -- second devices come ~3 months after the node; never after 2015
       datetime(x.node_added,
                '+' || (((((x.id*7919 + 21*104729) % 10007) * (21+13) + (x.id*x.id) % 997) % 1000 % 30 + (x.dn - 1) * 90)
                        % max(1, min(120, CAST(julianday('2015-12-31 08:00:00') - julianday(x.node_added) AS integer))))
                    || ' days',
                '+' || (((((x.id*7919 + 22*104729) % 10007) * (22+13) + (x.id*x.id) % 997) % 1000) * 37 % 20000) || ' seconds') AS dev_added,
       ((((x.id*7919 + 21*104729) % 10007) * (21+13) + (x.id*x.id) % 997) % 1000) AS q1,
       ((((x.id*7919 + 22*104729) % 10007) * (22+13) + (x.id*x.id) % 997) % 1000) AS q2,
       ((((x.id*7919 + 23*104729) % 10007) * (23+13) + (x.id*x.id) % 997) % 1000) AS q3,
       ((((x.id*7919 + 24*104729) % 10007) * (24+13) + (x.id*x.id) % 997) % 1000) AS q4,
       ((((x.id*7919 + 25*104729) % 10007) * (25+13) + (x.id*x.id) % 997) % 1000) AS q5
FROM numbered x;

INSERT INTO nodeshot_device
    (id, name, cname, description, type, node_id, routing_protocol,
     routing_protocol_version, added, updated)
SELECT v.id,
       v.code || v.k || '-' || m.code || CASE v.dn WHEN 2 THEN '-b' ELSE '' END,
       v.code || v.k || '-' || m.code || CASE v.dn WHEN 2 THEN '-b' ELSE '' END,
       CASE v.q2 % 5
            WHEN 0 THEN ''
            WHEN 1 THEN 'Puntamento verso il centro'
            WHEN 2 THEN 'Settore nord-est'
            WHEN 3 THEN 'Router interno, alimentato dal quadro del sottotetto'
            ELSE 'Backbone verso il nodo vicino' END,
       m.model,
       v.n,
       CASE WHEN v.q3 < 700 THEN 'olsr' WHEN v.q3 < 900 THEN 'batman' ELSE 'ospf' END,
       CASE WHEN v.q3 < 700 THEN (CASE v.q4 % 3 WHEN 0 THEN '0.5.6' WHEN 1 THEN '0.6.0' ELSE '0.6.6' END)
            WHEN v.q3 < 900 THEN (CASE v.q4 % 2 WHEN 0 THEN '2011.4.0' ELSE '2013.4.0' END)
            ELSE NULL END,
       v.dev_added,
       datetime(v.dev_added,
                '+' || (v.q5 % max(1, min(500, CAST(julianday('2015-12-31 12:00:00') - julianday(v.dev_added) AS integer)))) || ' days',
                '+' || (v.q4 * 29 % 30000) || ' seconds')
FROM demo_device v
JOIN demo_model m ON m.i = v.q1 % 10
ORDER BY v.id;

-- -------------------------------------------------------------------- hna --

INSERT INTO nodeshot_hna (id, device_id, route)
SELECT row_number() OVER (ORDER BY v.id, t.s),
       v.id,
       CASE t.s
            WHEN 1 THEN '10.' || v.octet || '.' || v.k || '.' || (128 + (v.dn - 1) * 64) || '/26'
            ELSE '2001:4c00:893b:' || printf('%x:%x', v.octet, v.k) || '::/64' END
FROM demo_device v
JOIN (SELECT 1 AS s UNION ALL SELECT 2) t
-- LAN behind the device (unique per device); IPv6 /64 only from first devices
WHERE v.q5 % 6 = 0 AND (t.s = 1 OR (v.q4 % 3 = 0 AND v.dn = 1))
ORDER BY v.id, t.s;

-- ------------------------------------------------------------- interfaces --

CREATE TEMP TABLE demo_slot (s integer PRIMARY KEY, type text, cname text);
INSERT INTO demo_slot VALUES
 (0, 'eth',    'eth'),
 (1, 'wifi',   'wifi'),
 (2, 'wifi',   'wifi2'),
 (3, 'vpn',    'vpn'),
 (4, 'batman', 'batman'),
 (5, 'bridge', 'bridge'),
 (6, 'vwifi',  'vwifi'),
 (7, 'veth',   'veth');

CREATE TEMP TABLE demo_channel (band integer, i integer, v text);
INSERT INTO demo_channel VALUES
 (24, 0,'2412'),(24, 1,'2417'),(24, 2,'2422'),(24, 3,'2437'),(24, 4,'2442'),
 (24, 5,'2447'),(24, 6,'2452'),(24, 7,'2457'),(24, 8,'2462'),(24, 9,'2467'),
 (24,10,'2472'),
 (5, 0,'5180'),(5, 1,'5200'),(5, 2,'5220'),(5, 3,'5240'),(5, 4,'5260'),
 (5, 5,'5280'),(5, 6,'5300'),(5, 7,'5320'),(5, 8,'5500'),(5, 9,'5520'),
 (5,10,'5540'),(5,11,'5560'),(5,12,'5580'),(5,13,'5600'),(5,14,'5620'),
 (5,15,'5640'),(5,16,'5660'),(5,17,'5680'),(5,18,'5700'),(5,19,'5745'),
 (5,20,'5765'),(5,21,'5785'),(5,22,'5805'),(5,23,'5825');

CREATE TEMP TABLE demo_iface AS
WITH picked AS (
    SELECT v.id AS device_id, v.n, v.k, v.dn, v.code, v.octet, v.city_id,
           v.q1, v.q2, v.q3, v.q4, v.q5, t.s, t.type, t.cname,
           d.r3 AS node_r3
    FROM demo_device v
    JOIN demo_node d ON d.n = v.n
    JOIN demo_slot t
    WHERE t.s IN (0, 1)
       OR (t.s = 2 AND v.dn = 1 AND v.q4 % 2 = 0)
       OR (t.s = 3 AND v.dn = 1 AND v.q5 % 5 = 0)
       OR (t.s = 4 AND v.q3 >= 700 AND v.q3 < 900)
       OR (t.s = 5 AND v.q2 % 6 = 1)
       OR (t.s = 6 AND v.q1 % 8 = 3)
       OR (t.s = 7 AND v.q4 % 9 = 4)
),
numbered AS (
    SELECT p.*, row_number() OVER (ORDER BY device_id, s) AS id FROM picked p
)
SELECT x.*,
       ((((x.id*7919 + 31*104729) % 10007) * (31+13) + (x.id*x.id) % 997) % 1000) AS w1,
       ((((x.id*7919 + 32*104729) % 10007) * (32+13) + (x.id*x.id) % 997) % 1000) AS w2,
       ((((x.id*7919 + 33*104729) % 10007) * (33+13) + (x.id*x.id) % 997) % 1000) AS w3,
       (x.dn - 1) * 16 + x.s + 1 AS host
FROM numbered x;

-- MAC = vendor OUI of the device model + 24 bits of (id*40503 + 9137) mod 2^24
-- (a bijection on ids, so MACs are unique, also case-insensitively); about
-- one device in six has its MACs typed in lower case.
INSERT INTO nodeshot_interface
    (id, ipv4_address, ipv6_address, mac_address, type, cname, device_id,
     draw_link, wireless_mode, wireless_channel, wireless_polarity, essid, bssid,
     status, added, updated)
SELECT f.id,
       CASE WHEN f.type IN ('batman', 'veth') THEN NULL
            ELSE '10.' || f.octet || '.' || f.k || '.' || f.host END,
       CASE WHEN f.node_r3 % 3 = 0 AND f.type IN ('eth', 'wifi', 'bridge')
            THEN '2001:4c00:893b:' || printf('%x:%x::%x', f.octet, f.k, f.host)
            ELSE NULL END,
       CASE WHEN f.type = 'vpn' THEN NULL
            WHEN f.q2 % 6 = 5 THEN lower(m.oui || printf(':%02X:%02X:%02X', (f.id * 40503 + 9137) % 16777216 / 65536, (f.id * 40503 + 9137) % 65536 / 256, (f.id * 40503 + 9137) % 256))
            ELSE m.oui || printf(':%02X:%02X:%02X', (f.id * 40503 + 9137) % 16777216 / 65536, (f.id * 40503 + 9137) % 65536 / 256, (f.id * 40503 + 9137) % 256) END,
       f.type,
       f.cname,
       f.device_id,
       CASE WHEN f.w1 % 10 = 0 THEN 0 ELSE 1 END,
       -- wireless columns only for wifi / vwifi
       CASE WHEN f.type = 'wifi' THEN
                 CASE f.w2 % 3 WHEN 0 THEN 'adhoc' WHEN 1 THEN 'ap' ELSE 'sta' END
            WHEN f.type = 'vwifi' THEN 'ap'
            ELSE NULL END,
       CASE WHEN f.type = 'wifi' AND f.w2 % 3 = 0 THEN
                 CASE f.w3 % 3 WHEN 0 THEN '2412' WHEN 1 THEN '2437' ELSE '2462' END
            WHEN f.type = 'wifi' THEN
                 (SELECT v FROM demo_channel WHERE band = 5 AND i = f.w3 % 24)
            WHEN f.type = 'vwifi' THEN
                 (SELECT v FROM demo_channel WHERE band = 24 AND i = f.w3 % 11)
            ELSE NULL END,
       CASE WHEN f.type = 'wifi' THEN
                 CASE f.w1 % 4 WHEN 0 THEN 'h' WHEN 1 THEN 'v' WHEN 2 THEN 'c' ELSE 'a' END
            ELSE NULL END,
       CASE WHEN f.type = 'wifi' AND f.w2 % 3 = 0 THEN 'ninux.org'
            WHEN f.type = 'wifi' AND f.w2 % 3 = 1 THEN 'ninux-' || f.code || '-' || f.k
            WHEN f.type = 'wifi' THEN 'ninux-' || f.code || '-backbone'
            WHEN f.type = 'vwifi' THEN 'FreeWiFi ' || f.code || ' ' || f.k
            ELSE NULL END,
       CASE WHEN f.type = 'wifi' AND f.w2 % 3 = 0 THEN '02:CA:FF:EE:BA:BE'
            WHEN f.type = 'wifi' AND f.w2 % 3 = 1 THEN
                 m.oui || printf(':%02X:%02X:%02X', (f.id * 40503 + 9137) % 16777216 / 65536, (f.id * 40503 + 9137) % 65536 / 256, (f.id * 40503 + 9137) % 256)
            ELSE NULL END,
       CASE WHEN f.w3 % 4 = 0 THEN 'u' ELSE 'r' END,
       datetime(dv.added, '+' || (f.s * 7) || ' minutes'),
       max(datetime(dv.added, '+' || (f.s * 7) || ' minutes'), dv.updated)
FROM demo_iface f
JOIN nodeshot_device dv ON dv.id = f.device_id
JOIN demo_model m ON m.i = f.q1 % 10
ORDER BY f.id;

-- ------------------------------------------------------------------ links --

-- wifi interfaces ranked inside their city; link each to the next one and,
-- for one in three, to the one three places further, skipping pairs on the
-- same node. The direction alternates to look like topology-script output.
CREATE TEMP TABLE demo_wifi AS
SELECT f.id, f.n, f.city_id,
       row_number() OVER (PARTITION BY f.city_id ORDER BY f.k, f.device_id, f.s) AS wr
FROM demo_iface f
WHERE f.type = 'wifi';

CREATE TEMP TABLE demo_pair AS
SELECT a.id AS a_id, b.id AS b_id, a.wr, b.wr - a.wr AS gap
FROM demo_wifi a
JOIN demo_wifi b ON b.city_id = a.city_id AND b.n <> a.n
 AND (b.wr = a.wr + 1 OR (b.wr = a.wr + 3 AND a.wr % 3 = 0));

INSERT INTO nodeshot_link
    (id, from_interface_id, to_interface_id, etx, dbm, sync_tx, sync_rx, hide)
SELECT x.id,
       CASE WHEN x.id % 2 = 0 THEN x.a_id ELSE x.b_id END,
       CASE WHEN x.id % 2 = 0 THEN x.b_id ELSE x.a_id END,
       round(1.0 + (x.l1 % 1000) / 400.0, 3),
       -48 - (x.l2 % 43),
       CASE x.l3 % 6 WHEN 0 THEN 6 WHEN 1 THEN 24 WHEN 2 THEN 54 WHEN 3 THEN 65 WHEN 4 THEN 130 ELSE 150 END,
       CASE x.l1 % 6 WHEN 0 THEN 12 WHEN 1 THEN 36 WHEN 2 THEN 54 WHEN 3 THEN 65 WHEN 4 THEN 117 ELSE 150 END,
       CASE WHEN x.l2 % 12 = 5 THEN 1 ELSE 0 END
FROM (
    SELECT p.*, q.id,
           ((((q.id*7919 + 41*104729) % 10007) * (41+13) + (q.id*q.id) % 997) % 1000) AS l1,
           ((((q.id*7919 + 42*104729) % 10007) * (42+13) + (q.id*q.id) % 997) % 1000) AS l2,
           ((((q.id*7919 + 43*104729) % 10007) * (43+13) + (q.id*q.id) % 997) % 1000) AS l3
    FROM demo_pair p
    JOIN (SELECT a_id, b_id, row_number() OVER (ORDER BY a_id, b_id) AS id FROM demo_pair) q
      ON q.a_id = p.a_id AND q.b_id = p.b_id
) x
ORDER BY x.id;

-- --------------------------------------------------------------- contacts --

CREATE TEMP TABLE demo_sender (i integer PRIMARY KEY, name text, email text);
INSERT INTO demo_sender VALUES
 (0, 'Mario Verdi',        'mario.verdi@gmail.com'),
 (1, 'Giovanna Ruggiero',  'giovanna.ruggiero@libero.it'),
 (2, 'Luigi Ferraro',      'l.ferraro@tiscali.it'),
 (3, 'Rosaria Cuomo',      'rosaria.cuomo@yahoo.it'),
 (4, 'Emanuele Fabbri',    'emanuele.fabbri@outlook.com'),
 (5, 'Agnese Pagnotta',    'agnese.p@alice.it'),
 (6, 'Ettore Dell''Orto',  'ettore.dellorto@gmail.com'),
 (7, 'Fabrizio Cutrì',     'fabrizio.cutri@email.it'),
 (8, 'Stella Marras',      'stella.marras@tiscali.it'),
 (9, 'Bruno Zanetti',      'bruno.zanetti@fastwebnet.it');

CREATE TEMP TABLE demo_message (i integer PRIMARY KEY, v text);
INSERT INTO demo_message VALUES
 (0, 'Ciao, vorrei collegarmi alla rete.'),
 (1, 'Buongiorno, abito a due isolati dal tuo nodo e vedo bene il tuo tetto. Posso puntare un''antenna verso di te?'),
 (2, 'Il nodo risulta spento da qualche giorno, tutto bene?'),
 (3, 'Salve, sono interessato a partecipare alla rete comunitaria. Che materiale serve per iniziare? Grazie mille.'),
 (4, 'Ho visto il nodo sulla mappa: si puo venire a vedere l''installazione sabato prossimo durante la riunione?'),
 (5, 'Hi! I am visiting for a few weeks, is there a way to get connected to the community network from the hostel?'),
 (6, 'Il mio condominio ha un tetto libero e alto, potrebbe servire per un nuovo collegamento di backbone verso nord.'),
 (7, 'Grazie per il supporto di ieri sera!'),
 (8, 'Segnalo che il segnale sul canale usato dal tuo access point e molto disturbato nel mio palazzo.'),
 (9, 'Buonasera, faccio parte di un''associazione di quartiere e vorremmo ospitare un hotspot libero nella nostra sede. Possiamo sentirci?');

CREATE TEMP TABLE demo_agent (i integer PRIMARY KEY, v text);
INSERT INTO demo_agent VALUES
 (0, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/34.0.1847.116 Chrome/34.0.1847.116 Safari/537.36'),
 (1, 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0'),
 (2, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/536.30.1 (KHTML, like Gecko) Version/6.0.5 Safari/536.30.1'),
 (3, 'Mozilla/5.0 (Linux; Android 4.2.2; GT-I9505 Build/JDQ39) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/30.0.1599.82 Mobile Safari/537.36'),
 (4, 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)'),
 (5, '');

INSERT INTO nodeshot_contact
    (id, node_id, from_name, from_email, message, ip, user_agent, http_referer,
     accept_language, date)
SELECT row_number() OVER (ORDER BY d.n),
       d.n,
       CASE WHEN d.r4 % 6 = 0 THEN o.name ELSE s.name END,
       CASE WHEN d.r4 % 6 = 0 THEN o.email ELSE s.email END,
       m.v,
       CASE WHEN d.r5 % 7 = 0 THEN '2a01:84a0:1001:a001::' || printf('%x', d.r6 + 1)
            ELSE (79 + d.r1 % 15) || '.' || (d.r2 % 250 + 3) || '.' || (d.r3 % 250 + 1) || '.' || (d.r4 % 250 + 2) END,
       a.v,
       CASE d.r6 % 3 WHEN 0 THEN 'http://map.ninux.org/'
                     WHEN 1 THEN 'http://map.ninux.org/select/nodo-' || c.code || '-' || d.k || '/'
                     ELSE '' END,
       CASE d.r7 % 4 WHEN 0 THEN 'it-IT,it;q=0.8,en-US;q=0.6,en;q=0.4'
                     WHEN 1 THEN 'it,en-us;q=0.7,en;q=0.3'
                     WHEN 2 THEN 'en-US,en;q=0.8'
                     ELSE '' END,
       datetime(nn.added,
                '+' || (d.r8 % max(1, min(600, CAST(julianday('2015-12-30 00:00:00') - julianday(nn.added) AS integer)))) || ' days',
                '+' || (d.r9 * 61 + 3600) || ' seconds')
FROM demo_node d
JOIN demo_city c      ON c.id = d.city_id
JOIN nodeshot_node nn ON nn.id = d.n
JOIN demo_owner o     ON o.id = d.owner_id % 90 + 1
JOIN demo_sender s    ON s.i = d.r2 % 10
JOIN demo_message m   ON m.i = d.r3 % 10
JOIN demo_agent a     ON a.i = d.r10 % 6
WHERE d.status <> 'u' AND d.r11 % 7 = 3
ORDER BY d.n;

-- ------------------------------------------------------------- statistics --

-- yearly snapshots computed from the generated data (as the 0.9 cron job
-- would have seen it at that date); km approximated from the link count.
INSERT INTO nodeshot_statistic
    (id, active_nodes, potential_nodes, hotspots, links, km, date)
SELECT y.i,
       (SELECT count(*) FROM nodeshot_node WHERE status IN ('a', 'ah') AND added <= y.d),
       (SELECT count(*) FROM nodeshot_node WHERE status = 'p' AND added <= y.d),
       (SELECT count(*) FROM nodeshot_node WHERE status IN ('h', 'ah') AND added <= y.d),
       (SELECT count(*) FROM nodeshot_link l
          JOIN nodeshot_interface fa ON fa.id = l.from_interface_id
          JOIN nodeshot_interface fb ON fb.id = l.to_interface_id
         WHERE fa.added <= y.d AND fb.added <= y.d),
       round((SELECT count(*) FROM nodeshot_link l
                JOIN nodeshot_interface fa ON fa.id = l.from_interface_id
                JOIN nodeshot_interface fb ON fb.id = l.to_interface_id
               WHERE fa.added <= y.d AND fb.added <= y.d) * 1.37, 2),
       y.d
FROM (SELECT 1 AS i, '2010-01-01 03:00:00' AS d UNION ALL
      SELECT 2, '2011-01-01 03:00:00' UNION ALL
      SELECT 3, '2012-01-01 03:00:00' UNION ALL
      SELECT 4, '2013-01-01 03:00:00' UNION ALL
      SELECT 5, '2014-01-01 03:00:00' UNION ALL
      SELECT 6, '2015-01-01 03:00:00' UNION ALL
      SELECT 7, '2015-12-31 03:00:00') y
ORDER BY y.i;

-- -------------------------------------------------------------- clean up --

DROP TABLE demo_city;
DROP TABLE demo_city_range;
DROP TABLE demo_first;
DROP TABLE demo_last;
DROP TABLE demo_domain;
DROP TABLE demo_owner;
DROP TABLE demo_owner_rank;
DROP TABLE demo_node;
DROP TABLE demo_phrase;
DROP TABLE demo_note;
DROP TABLE demo_model;
DROP TABLE demo_device;
DROP TABLE demo_slot;
DROP TABLE demo_channel;
DROP TABLE demo_iface;
DROP TABLE demo_wifi;
DROP TABLE demo_pair;
DROP TABLE demo_sender;
DROP TABLE demo_message;
DROP TABLE demo_agent;

COMMIT;

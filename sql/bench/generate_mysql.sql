-- Synthetic nodeshot 0.9 map for the benchmark (issue 6), MySQL / MariaDB
-- flavour. Companion of generate_sqlite.sql (same formulas, same rows) and
-- of layers.sql (the target layers drawn around the same cities).
--
-- Run on a database created with sql/legacy/mysql.sql, after
--     CREATE TABLE bench_params (nodes int NOT NULL);
--     INSERT INTO bench_params VALUES (<nodes>);
-- (benchmark/run.py does both). Everything is generated here, in
-- set-based INSERT ... SELECT over MariaDB's sequence tables (seq_1_to_N,
-- range-scanned): no row goes through a client, no random(): the
-- pseudo-random values are integer hashes of the row number,
--     H(x, s) = ((x*1103515245 + s*12345 + (x%7919)*(x%104729)) % 2147483647)
--               * 48271 % 2147483647
-- (x = row number, s = salt), so every build gives the same rows.
--
-- Proportions for N nodes (a real community map, clean data):
--   nodes N        45% a, 35% p, 8% ah, 5% h, 7% u; 88% around 38 Italian
--                  cities (weighted by size), 12% scattered over Italy;
--                  one owner email per ~4 nodes (N/4 owners whose names
--                  repeat: usernames need counters), 2% blank owners
--   auth_user      3 + N/5000 admins (one shares an owner's email, one has
--                  the unusable password '!')
--   devices 2N     two per node; interfaces 5N (3, 2, 3, 2 ... per device),
--                  every legacy type: 40% wifi, 25% eth, 10% vpn, 8% bridge,
--                  7% batman, 5% vwifi, 5% veth; unique MACs and IPv4s, IPv6
--                  on ~10% of eth/wifi/bridge; valid channels and modes
--   links 3N       between wifi interfaces close in a per-city ranking
--   contacts N/10  messages >= 15 characters; hna N/10; statistic 120
--
-- unique_checks / foreign_key_checks are off for speed: the rows are unique
-- and consistent by construction (ids and addresses derive from row numbers).

SET NAMES utf8;
SET SESSION unique_checks = 0;
SET SESSION foreign_key_checks = 0;

SELECT nodes INTO @n FROM bench_params;
SET @devices = 2 * @n;
SET @interfaces = 5 * @n;
SET @links = 3 * @n;
SET @emails = GREATEST(1, @n DIV 4);
SET @contacts = @n DIV 10;
SET @hna = @n DIV 10;
SET @admins = 3 + @n DIV 5000;

-- ---------------------------------------------------------------- helpers --

-- Cities: id, code (slugs), name, centre, radius of the node cloud (km),
-- weight (relative share of the city nodes), postal code base.
-- Keep in step with sql/bench/layers.sql (same ids, centres and radii).
CREATE TABLE bench_city (
    id int PRIMARY KEY, code varchar(20), name varchar(30),
    lat double, lng double, radius_km double, weight int, postal int
);
INSERT INTO bench_city VALUES
 ( 1, 'roma',            'Roma',            41.8930, 12.4970, 25, 140,   118),
 ( 2, 'milano',          'Milano',          45.4642,  9.1900, 20, 100, 20121),
 ( 3, 'napoli',          'Napoli',          40.8518, 14.2681, 16,  60, 80121),
 ( 4, 'torino',          'Torino',          45.0703,  7.6869, 15,  50, 10121),
 ( 5, 'palermo',         'Palermo',         38.1157, 13.3615, 12,  35, 90121),
 ( 6, 'genova',          'Genova',          44.4056,  8.9463, 12,  30, 16121),
 ( 7, 'bologna',         'Bologna',         44.4949, 11.3426, 13,  40, 40121),
 ( 8, 'firenze',         'Firenze',         43.7696, 11.2558, 13,  45, 50121),
 ( 9, 'bari',            'Bari',            41.1171, 16.8719, 11,  25, 70121),
 (10, 'catania',         'Catania',         37.5079, 15.0830, 10,  20, 95121),
 (11, 'venezia',         'Venezia',         45.4408, 12.3155, 12,  25, 30121),
 (12, 'verona',          'Verona',          45.4384, 10.9916, 10,  20, 37121),
 (13, 'messina',         'Messina',         38.1938, 15.5540,  8,  10, 98121),
 (14, 'padova',          'Padova',          45.4064, 11.8768,  9,  20, 35121),
 (15, 'trieste',         'Trieste',         45.6495, 13.7768,  8,  12, 34121),
 (16, 'brescia',         'Brescia',         45.5416, 10.2118,  9,  15, 25121),
 (17, 'parma',           'Parma',           44.8015, 10.3279,  8,  12, 43121),
 (18, 'taranto',         'Taranto',         40.4644, 17.2470,  8,   8, 74121),
 (19, 'prato',           'Prato',           43.8777, 11.1022,  6,  10, 59100),
 (20, 'modena',          'Modena',          44.6471, 10.9252,  8,  12, 41121),
 (21, 'reggio-calabria', 'Reggio Calabria', 38.1113, 15.6473,  7,   6, 89121),
 (22, 'reggio-emilia',   'Reggio Emilia',   44.6989, 10.6297,  7,  10, 42121),
 (23, 'perugia',         'Perugia',         43.1107, 12.3908,  8,  12,  6121),
 (24, 'livorno',         'Livorno',         43.5485, 10.3106,  7,   8, 57121),
 (25, 'ravenna',         'Ravenna',         44.4184, 12.2035,  8,   8, 48121),
 (26, 'cagliari',        'Cagliari',        39.2238,  9.1217,  9,  12,  9121),
 (27, 'foggia',          'Foggia',          41.4622, 15.5446,  7,   5, 71121),
 (28, 'rimini',          'Rimini',          44.0678, 12.5695,  7,   8, 47921),
 (29, 'salerno',         'Salerno',         40.6824, 14.7681,  7,   8, 84121),
 (30, 'ferrara',         'Ferrara',         44.8381, 11.6198,  7,   7, 44121),
 (31, 'sassari',         'Sassari',         40.7259,  8.5557,  7,   5,  7100),
 (32, 'latina',          'Latina',          41.4676, 12.9036,  7,   5,  4100),
 (33, 'pisa',            'Pisa',            43.7228, 10.4017,  7,  15, 56121),
 (34, 'trento',          'Trento',          46.0748, 11.1217,  8,  10, 38121),
 (35, 'bolzano',         'Bolzano',         46.4983, 11.3548,  7,   6, 39100),
 (36, 'ancona',          'Ancona',          43.6158, 13.5189,  7,   7, 60121),
 (37, 'forli',           'Forlì',           44.2227, 12.0407,  6,   5, 47121),
 (38, 'cesena',          'Cesena',          44.1391, 12.2431,  6,   4, 47521);

-- slot 0..W-1 -> city, by cumulative weight (W = total weight)
SELECT SUM(weight) INTO @w FROM bench_city;
CREATE TABLE bench_slot (slot int PRIMARY KEY, city_id int);
INSERT INTO bench_slot
SELECT s.seq, r.id
FROM seq_0_to_999 AS s
JOIN (
    SELECT id, weight,
           COALESCE(SUM(weight) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lo
    FROM bench_city
) AS r ON s.seq >= r.lo AND s.seq < r.lo + r.weight;

CREATE TABLE bench_first (i int PRIMARY KEY, v varchar(30), a varchar(30));
INSERT INTO bench_first VALUES
 ( 0,'Niccolò','niccolo'),( 1,'Lucia','lucia'),( 2,'Giuseppe','giuseppe'),( 3,'Francesca','francesca'),
 ( 4,'Andrea','andrea'),( 5,'Chiara','chiara'),( 6,'Luca','luca'),( 7,'Martina','martina'),
 ( 8,'Matteo','matteo'),( 9,'Giulia','giulia'),(10,'Davide','davide'),(11,'Sara','sara'),
 (12,'Simone','simone'),(13,'Elena','elena'),(14,'Federico','federico'),(15,'Alessia','alessia'),
 (16,'Lorenzo','lorenzo'),(17,'Valentina','valentina'),(18,'Gianmarco','gianmarco'),(19,'Silvia','silvia'),
 (20,'Nicolò','nicolo'),(21,'Ilaria','ilaria'),(22,'Gabriele','gabriele'),(23,'Beatrice','beatrice'),
 (24,'Riccardo','riccardo'),(25,'Elisa','elisa'),(26,'Tommaso','tommaso'),(27,'Aurora','aurora'),
 (28,'Giosuè','giosue'),(29,'Federica','federica'),(30,'Stefano','stefano'),(31,'Roberta','roberta'),
 (32,'Paolo','paolo'),(33,'Anna','anna'),(34,'Noè','noe'),(35,'Giorgia','giorgia'),
 (36,'Antonio','antonio'),(37,'Irene','irene'),(38,'Salvatore','salvatore'),(39,'Noemi','noemi'),
 (40,'Vincenzo','vincenzo'),(41,'Camilla','camilla'),(42,'Pietro','pietro'),(43,'Lucrezia','lucrezia');

CREATE TABLE bench_last (i int PRIMARY KEY, v varchar(30), a varchar(30));
INSERT INTO bench_last VALUES
 ( 0,'Bianchi','bianchi'),( 1,'D''Amico','damico'),( 2,'Esposito','esposito'),( 3,'Russo','russo'),
 ( 4,'Ferrari','ferrari'),( 5,'Romano','romano'),( 6,'Colombo','colombo'),( 7,'Ricci','ricci'),
 ( 8,'Marino','marino'),( 9,'Greco','greco'),(10,'Bruno','bruno'),(11,'Gallo','gallo'),
 (12,'Conti','conti'),(13,'De Luca','deluca'),(14,'Mancini','mancini'),(15,'Costa','costa'),
 (16,'Giordano','giordano'),(17,'Rizzo','rizzo'),(18,'Lombardi','lombardi'),(19,'Moretti','moretti'),
 (20,'Barbieri','barbieri'),(21,'Fontana','fontana'),(22,'Santoro','santoro'),(23,'Mariani','mariani'),
 (24,'Rinaldi','rinaldi'),(25,'Caruso','caruso'),(26,'Ferrara','ferrara'),(27,'Galli','galli'),
 (28,'Cantù','cantu'),(29,'Leone','leone'),(30,'Longo','longo'),(31,'Gentile','gentile'),
 (32,'Martinelli','martinelli'),(33,'Vitale','vitale'),(34,'Pelù','pelu'),(35,'Serra','serra'),
 (36,'Coppola','coppola'),(37,'De Santis','desantis'),(38,'D''Angelo','dangelo'),(39,'Marchetti','marchetti'),
 (40,'Dell''Acqua','dellacqua'),(41,'Parisi','parisi'),(42,'Villa','villa'),(43,'Sanna','sanna');

CREATE TABLE bench_domain (i int PRIMARY KEY, v varchar(30));
INSERT INTO bench_domain VALUES
 (0,'gmail.com'),(1,'libero.it'),(2,'tiscali.it'),(3,'ninux.org'),
 (4,'alice.it'),(5,'yahoo.it'),(6,'fastwebnet.it'),(7,'email.it');

CREATE TABLE bench_phrase (i int PRIMARY KEY, v varchar(100));
INSERT INTO bench_phrase VALUES
 (0, 'Antenna sul tetto del condominio'),
 (1, 'Nodo su terrazzo, copertura verso il centro'),
 (2, 'Installazione presso associazione culturale'),
 (3, 'Balcone al quinto piano, vista libera a sud'),
 (4, 'Hotspot libero per la piazza'),
 (5, 'Nodo backbone su torre piezometrica'),
 (6, 'Punto di accesso per il quartiere'),
 (7, 'Ripetitore sul campanile'),
 (8, 'Nodo in casa, solo client'),
 (9, 'Palo sul lastrico solare, alimentazione PoE');

CREATE TABLE bench_model (i int PRIMARY KEY, model varchar(50), code varchar(10), oui varchar(8));
INSERT INTO bench_model VALUES
 (0, 'Ubiquiti NanoStation M5',  'nsm5',    '00:27:22'),
 (1, 'Ubiquiti NanoStation M2',  'nsm2',    '00:15:6D'),
 (2, 'Ubiquiti Bullet M5',       'bm5',     'DC:9F:DB'),
 (3, 'Ubiquiti PicoStation M2',  'picom2',  '04:18:D6'),
 (4, 'Ubiquiti Rocket M5',       'rm5',     '24:A4:3C'),
 (5, 'MikroTik RouterBOARD 433', 'rb433',   'D4:CA:6D'),
 (6, 'TP-Link TL-WR1043ND',      'wr1043',  'F4:EC:38'),
 (7, 'Linksys WRT54GL',          'wrt54gl', '00:1D:7E'),
 (8, 'PC Engines ALIX 2D2',      'alix',    '00:0D:B9'),
 (9, 'Fonera FON2100',           'fonera',  '00:18:84');

-- percentile 0..99 -> legacy interface type
CREATE TABLE bench_iftype (pct int PRIMARY KEY, type varchar(10));
INSERT INTO bench_iftype
SELECT seq,
       CASE WHEN seq < 40 THEN 'wifi' WHEN seq < 65 THEN 'eth' WHEN seq < 75 THEN 'vpn'
            WHEN seq < 83 THEN 'bridge' WHEN seq < 90 THEN 'batman' WHEN seq < 95 THEN 'vwifi'
            ELSE 'veth' END
FROM seq_0_to_99;

-- valid 1.x channels (no 2427/2432, see legacy-schema 2.4)
CREATE TABLE bench_channel (i int PRIMARY KEY, v varchar(4));
INSERT INTO bench_channel VALUES
 ( 0,'2412'),( 1,'2417'),( 2,'2422'),( 3,'2437'),( 4,'2442'),( 5,'2447'),( 6,'2452'),( 7,'2457'),
 ( 8,'2462'),( 9,'2467'),(10,'2472'),(11,'5180'),(12,'5200'),(13,'5220'),(14,'5240'),(15,'5260'),
 (16,'5280'),(17,'5300'),(18,'5320'),(19,'5500'),(20,'5520'),(21,'5540'),(22,'5560'),(23,'5580'),
 (24,'5600'),(25,'5620'),(26,'5640'),(27,'5660'),(28,'5680'),(29,'5745');

CREATE TABLE bench_message (i int PRIMARY KEY, v varchar(300));
INSERT INTO bench_message VALUES
 (0, 'Ciao, vorrei collegarmi alla rete.'),
 (1, 'Buongiorno, abito a due isolati dal tuo nodo e vedo bene il tuo tetto. Posso puntare un''antenna verso di te?'),
 (2, 'Il nodo risulta spento da qualche giorno, tutto bene?'),
 (3, 'Salve, sono interessato a partecipare alla rete comunitaria. Che materiale serve per iniziare?'),
 (4, 'Ho visto il nodo sulla mappa: si puo venire a vedere l''installazione sabato prossimo?'),
 (5, 'Hi! I am visiting for a few weeks, is there a way to get connected to the community network?'),
 (6, 'Il mio condominio ha un tetto libero e alto, potrebbe servire per un collegamento verso nord.'),
 (7, 'Grazie per il supporto di ieri sera!'),
 (8, 'Segnalo che il canale usato dal tuo access point e molto disturbato nel mio palazzo.'),
 (9, 'Buonasera, la nostra associazione di quartiere vorrebbe ospitare un hotspot libero.');

CREATE TABLE bench_agent (i int PRIMARY KEY, v varchar(200));
INSERT INTO bench_agent VALUES
 (0, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/34.0.1847.116 Safari/537.36'),
 (1, 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0'),
 (2, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/536.30.1 (KHTML, like Gecko) Version/6.0.5 Safari/536.30.1'),
 (3, 'Mozilla/5.0 (Linux; Android 4.2.2; GT-I9505 Build/JDQ39) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36'),
 (4, 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)'),
 (5, '');

-- ------------------------------------------------------------------ nodes --

INSERT INTO nodeshot_node
    (id, name, slug, owner, description, postal_code, email, email2, email3,
     password, lat, lng, alt, status, activation_key, notes, added, updated)
SELECT g.i,
       CONCAT('Nodo ', c.name, ' ', g.i),
       CONCAT('nodo-', c.code, '-', g.i),
       CASE WHEN g.o % 50 = 7 THEN '' ELSE CONCAT(f.v, ' ', l.v) END,
       CASE WHEN g.h4 % 10 = 9 THEN '' ELSE CONCAT(p.v, ' - ', c.name) END,
       LPAD(c.postal + (g.h4 DIV 10) % 40, 5, '0'),
       CONCAT(f.a, '.', l.a, '.', g.o, '@', d.v),
       CASE WHEN (g.h4 DIV 1000) % 5 = 0 THEN '' END,
       NULL,
       CASE WHEN g.status = 'u' THEN CONCAT('pwd', g.i)
            ELSE CONCAT('sha1$', LOWER(HEX(g.h1 % 1048576)), '$',
                        LPAD(LOWER(HEX(g.h2)), 8, '0'), LPAD(LOWER(HEX(g.h3)), 8, '0'),
                        LPAD(LOWER(HEX(g.h4)), 8, '0'), LPAD(LOWER(HEX(g.h1)), 8, '0'),
                        LPAD(LOWER(HEX(g.i)), 8, '0')) END,
       CASE WHEN g.scattered THEN 37.0 + 9.3 * g.u1
            ELSE c.lat + c.radius_km * 1.08 * SQRT(g.u1) * COS(2 * PI() * g.u2) / 111.2 END,
       CASE WHEN g.scattered THEN 7.0 + 11.3 * g.u2
            ELSE c.lng + c.radius_km * 1.08 * SQRT(g.u1) * SIN(2 * PI() * g.u2) / (111.2 * COS(RADIANS(c.lat))) END,
       CASE WHEN (g.h4 DIV 100000) % 8 = 0 THEN NULL ELSE (g.h4 DIV 1000) % 600 + 0.5 * (g.h4 % 2) END,
       g.status,
       CASE WHEN g.status = 'u'
            THEN CONCAT(LPAD(LOWER(HEX(g.h4)), 8, '0'), LPAD(LOWER(HEX(g.h3)), 8, '0'),
                        LPAD(LOWER(HEX(g.h2)), 8, '0'), LPAD(LOWER(HEX(g.h1)), 8, '0'),
                        LPAD(LOWER(HEX(g.i)), 8, '0'))
            ELSE '' END,
       CASE (g.h2 DIV 7) % 10
            WHEN 0 THEN 'Chiavi del tetto dal portiere, citofonare interno 4.'
            WHEN 1 THEN ''
            WHEN 2 THEN 'Alimentatore sostituito dopo il temporale di agosto.'
       END,
       g.added,
       g.added + INTERVAL ((g.h2 DIV 3) % 34560000) SECOND
FROM (
    SELECT x.*,
           x.h2 % @emails AS o,
           (x.h1 DIV 1000000) % 100 < 12 AS scattered,
           CASE WHEN (x.h1 DIV 10000) % 100 < 45 THEN 'a'
                WHEN (x.h1 DIV 10000) % 100 < 80 THEN 'p'
                WHEN (x.h1 DIV 10000) % 100 < 88 THEN 'ah'
                WHEN (x.h1 DIV 10000) % 100 < 93 THEN 'h'
                ELSE 'u' END AS status,
           (x.h3 % 65536) / 65536e0 AS u1,
           ((x.h3 DIV 65536) % 32768) / 32768e0 AS u2,
           TIMESTAMP '2008-01-01 00:00:00'
               + INTERVAL ((x.i - 1) * 250000000 DIV @n + x.h3 % 86400) SECOND AS added
    FROM (
        SELECT seq AS i,
               ((seq * 1103515245 + 1 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h1,
               ((seq * 1103515245 + 2 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h2,
               ((seq * 1103515245 + 3 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h3,
               ((seq * 1103515245 + 4 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h4
        FROM seq_1_to_100000000
        WHERE seq <= @n
    ) AS x
) AS g
JOIN bench_slot AS s ON s.slot = g.h1 % @w
JOIN bench_city AS c ON c.id = s.city_id
JOIN bench_first AS f ON f.i = g.o % 44
JOIN bench_last AS l ON l.i = (g.o DIV 44) % 44
JOIN bench_domain AS d ON d.i = (g.o DIV 7) % 8
JOIN bench_phrase AS p ON p.i = g.h4 % 10
ORDER BY g.i;

-- -------------------------------------------------------------- auth_user --

INSERT INTO auth_user
    (id, username, first_name, last_name, email, password,
     is_staff, is_active, is_superuser, last_login, date_joined)
VALUES
 (1, 'admin', 'Amministratore', 'Ninux', 'admin@ninux.org',
  'pbkdf2_sha256$10000$Xq3vB7kLm2Pz$Zk9mO4lq2V3s8nYw1RtE6uJc0aHfDgP5iKbLxMvNoQ8=',
  1, 1, 1, '2015-11-28 21:14:03', '2007-12-05 10:12:44'),
 (3, 'vecchio-admin', 'Giorgio', 'Sala', 'giorgio.sala@ninux.org', '!',
  1, 1, 0, '2011-09-30 12:00:00', '2008-02-11 16:45:30');

-- an admin who also owns nodes: the email of owner 0
INSERT INTO auth_user
    (id, username, first_name, last_name, email, password,
     is_staff, is_active, is_superuser, last_login, date_joined)
SELECT 2, 'niccolo', 'Niccolò', 'Bianchi', CONCAT(f.a, '.', l.a, '.0@', d.v),
       'sha1$a81f2$5b7e0c9d4f1a2e3b6c8d7f9e0a1b2c3d4e5f6a7b',
       1, 1, 0, '2014-06-02 08:40:51', '2008-03-17 18:25:09'
FROM bench_first AS f, bench_last AS l, bench_domain AS d
WHERE f.i = 0 AND l.i = 0 AND d.i = 0;

INSERT INTO auth_user
    (id, username, first_name, last_name, email, password,
     is_staff, is_active, is_superuser, last_login, date_joined)
SELECT seq + 3, CONCAT('staff', seq), f.v, l.v, CONCAT('staff', seq, '@ninux.org'),
       CONCAT('pbkdf2_sha256$10000$salt', seq, '$', LPAD(LOWER(HEX(seq * 2654435761 % 4294967296)), 8, '0'), 'Zk9mO4lq2V3s8nYw1RtE6uJc0aHfDgP5iKb='),
       1, 1, 0, TIMESTAMP '2015-01-01 10:00:00' + INTERVAL seq HOUR,
       TIMESTAMP '2009-01-01 10:00:00' + INTERVAL seq DAY
FROM seq_1_to_100000000
JOIN bench_first AS f ON f.i = seq % 44
JOIN bench_last AS l ON l.i = (seq * 7) % 44
WHERE seq <= @admins - 3;

-- ---------------------------------------------------------------- devices --

INSERT INTO nodeshot_device
    (id, name, cname, description, type, node_id, routing_protocol,
     routing_protocol_version, added, updated)
SELECT g.i,
       CONCAT(n.slug, '-', m.code, '-', g.i),
       CONCAT(m.code, '-', g.i),
       CASE g.h2 % 5
            WHEN 0 THEN ''
            WHEN 1 THEN 'Puntamento verso il centro'
            WHEN 2 THEN 'Settore nord-est'
            WHEN 3 THEN 'Router interno, alimentato dal quadro del sottotetto'
            ELSE 'Backbone verso il nodo vicino' END,
       m.model,
       n.id,
       CASE WHEN (g.h2 DIV 10) % 100 < 70 THEN 'olsr'
            WHEN (g.h2 DIV 10) % 100 < 88 THEN 'batman'
            WHEN (g.h2 DIV 10) % 100 < 94 THEN 'ospf'
            WHEN (g.h2 DIV 10) % 100 < 97 THEN 'aodv'
            ELSE 'tora' END,
       CASE WHEN (g.h2 DIV 10) % 100 < 70 THEN '0.6.6'
            WHEN (g.h2 DIV 10) % 100 < 88 THEN '2013.4.0' END,
       n.added + INTERVAL (g.h3 % 7776000) SECOND,
       n.added + INTERVAL (g.h3 % 7776000 + g.h4 % 31536000) SECOND
FROM (
    SELECT seq AS i,
           ((seq * 1103515245 + 11 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h1,
           ((seq * 1103515245 + 12 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h2,
           ((seq * 1103515245 + 13 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h3,
           ((seq * 1103515245 + 14 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h4
    FROM seq_1_to_100000000
    WHERE seq <= @devices
) AS g
JOIN nodeshot_node AS n ON n.id = (g.i - 1) DIV 2 + 1
JOIN bench_model AS m ON m.i = g.h1 % 10
ORDER BY g.i;

-- -------------------------------------------------------------------- hna --

INSERT INTO nodeshot_hna (id, device_id, route)
SELECT seq,
       (((seq * 1103515245 + 21 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647) % @devices + 1,
       CONCAT('172.', 16 + (seq DIV 8192) % 16, '.', (seq DIV 32) % 256, '.', (seq % 32) * 8, '/29')
FROM seq_1_to_100000000
WHERE seq <= @hna;

-- ------------------------------------------------------------- interfaces --

INSERT INTO nodeshot_interface
    (id, ipv4_address, ipv6_address, mac_address, type, cname, device_id,
     draw_link, wireless_mode, wireless_channel, wireless_polarity, essid, bssid,
     status, added, updated)
SELECT g.i,
       CASE WHEN t.type IN ('vwifi', 'veth') AND g.h3 % 3 = 0 THEN NULL
            ELSE CONCAT('10.', (g.i DIV 65536) % 256, '.', (g.i DIV 256) % 256, '.', g.i % 256) END,
       CASE WHEN t.type IN ('eth', 'wifi', 'bridge') AND (g.h3 DIV 10) % 10 = 0
            THEN CONCAT('fd00::', LOWER(HEX(g.i DIV 65536 + 1)), ':', LOWER(HEX(g.i % 65536))) END,
       CASE WHEN t.type IN ('vpn', 'batman') THEN NULL
            WHEN g.h3 % 6 = 5 THEN LOWER(g.mac)
            ELSE g.mac END,
       t.type,
       -- eth0, wifi1, ...: the position of the interface on its device
       CONCAT(t.type, (g.i - 1) - (5 * (g.device_id - 1) + 1) DIV 2),
       g.device_id,
       CASE WHEN g.h4 % 10 = 0 THEN 0 ELSE 1 END,
       CASE WHEN t.type = 'wifi' THEN
                 CASE WHEN (g.h2 DIV 100) % 20 < 10 THEN 'sta' WHEN (g.h2 DIV 100) % 20 < 17 THEN 'ap' ELSE 'adhoc' END
            WHEN t.type = 'vwifi' THEN 'ap' END,
       CASE WHEN t.type IN ('wifi', 'vwifi') THEN ch.v END,
       CASE WHEN t.type = 'wifi' THEN
                 CASE g.h4 % 4 WHEN 0 THEN 'h' WHEN 1 THEN 'v' WHEN 2 THEN 'c' ELSE 'a' END END,
       CASE WHEN t.type = 'wifi' THEN
                 CASE (g.h4 DIV 10) % 3 WHEN 0 THEN 'ninux.org' WHEN 1 THEN CONCAT('ninux-', g.device_id) END
            WHEN t.type = 'vwifi' THEN CONCAT('FreeWiFi ', g.device_id) END,
       CASE WHEN t.type = 'wifi' AND (g.h4 DIV 10) % 3 = 0 THEN '02:CA:FF:EE:BA:BE'
            WHEN t.type = 'wifi' AND (g.h4 DIV 10) % 3 = 1 THEN g.mac END,
       CASE WHEN (g.h4 DIV 100) % 4 = 0 THEN 'u' ELSE 'r' END,
       g.added,
       g.added + INTERVAL (g.h4 % 31536000) SECOND
FROM (
    SELECT x.*,
           (x.i - 1) * 2 DIV 5 + 1 AS device_id,
           CONCAT(m.oui, ':', LPAD(HEX((x.i DIV 65536) % 256), 2, '0'), ':',
                  LPAD(HEX((x.i DIV 256) % 256), 2, '0'), ':', LPAD(HEX(x.i % 256), 2, '0')) AS mac,
           TIMESTAMP '2008-01-01 00:00:00'
               + INTERVAL ((x.i - 1) * 250000000 DIV @interfaces + x.h3 % 86400) SECOND AS added
    FROM (
        SELECT seq AS i,
               ((seq * 1103515245 + 31 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h1,
               ((seq * 1103515245 + 32 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h2,
               ((seq * 1103515245 + 33 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h3,
               ((seq * 1103515245 + 34 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h4
        FROM seq_1_to_100000000
        WHERE seq <= @interfaces
    ) AS x
    JOIN bench_model AS m ON m.i = (x.h1 DIV 100) % 10
) AS g
JOIN bench_iftype AS t ON t.pct = g.h1 % 100
JOIN bench_channel AS ch ON ch.i = g.h2 % 30
ORDER BY g.i;

-- ------------------------------------------------------------------ links --

-- wifi interfaces ranked by the city of their node, then id: a link joins
-- an interface to one of the next 30 in that ranking (mostly same city).
CREATE TABLE bench_wifi (wr int PRIMARY KEY, iface_id int);
INSERT INTO bench_wifi
SELECT ROW_NUMBER() OVER (ORDER BY s.city_id, f.id), f.id
FROM nodeshot_interface AS f
JOIN bench_slot AS s
    ON s.slot = (((((f.device_id - 1) DIV 2 + 1) * 1103515245 + 1 * 12345
                  + (((f.device_id - 1) DIV 2 + 1) % 7919) * (((f.device_id - 1) DIV 2 + 1) % 104729))
                 % 2147483647) * 48271 % 2147483647) % @w
WHERE f.type = 'wifi';

SELECT COUNT(*) INTO @wifi FROM bench_wifi;

INSERT INTO nodeshot_link
    (id, from_interface_id, to_interface_id, etx, dbm, sync_tx, sync_rx, hide)
SELECT g.i,
       CASE WHEN g.i % 2 = 0 THEN a.iface_id ELSE b.iface_id END,
       CASE WHEN g.i % 2 = 0 THEN b.iface_id ELSE a.iface_id END,
       ROUND(1.0 + (g.h3 % 4000) / 1000.0, 3),
       -40 - CAST((g.h3 DIV 4000) % 50 AS SIGNED),
       ELT(1 + g.h2 % 8, 6, 12, 24, 36, 54, 65, 130, 150),
       ELT(1 + (g.h2 DIV 8) % 8, 6, 12, 24, 36, 54, 65, 130, 150),
       CASE WHEN (g.h2 DIV 100) % 20 = 0 THEN 1 ELSE 0 END
FROM (
    SELECT x.*,
           x.h1 % @wifi + 1 AS wa,
           (x.h1 % @wifi + 1 + x.h2 % 30) % @wifi + 1 AS wb
    FROM (
        SELECT seq AS i,
               ((seq * 1103515245 + 41 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h1,
               ((seq * 1103515245 + 42 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h2,
               ((seq * 1103515245 + 43 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h3
        FROM seq_1_to_100000000
        WHERE seq <= @links
    ) AS x
) AS g
JOIN bench_wifi AS a ON a.wr = g.wa
JOIN bench_wifi AS b ON b.wr = g.wb
ORDER BY g.i;

-- --------------------------------------------------------------- contacts --

INSERT INTO nodeshot_contact
    (id, node_id, from_name, from_email, message, ip, user_agent, http_referer,
     accept_language, date)
SELECT g.i,
       g.h1 % @n + 1,
       CONCAT(f.v, ' ', l.v),
       CONCAT(f.a, '.', l.a, '@', d.v),
       m.v,
       CASE WHEN g.h3 % 7 = 0 THEN CONCAT('2a01:84a0:1001:a001::', LOWER(HEX(g.h4 % 65535 + 1)))
            ELSE CONCAT(79 + g.h3 % 15, '.', (g.h3 DIV 15) % 250 + 3, '.', (g.h4 DIV 7) % 250 + 1, '.', g.h4 % 250 + 2) END,
       a.v,
       CASE (g.h4 DIV 1000) % 3 WHEN 0 THEN 'http://map.ninux.org/' WHEN 1 THEN CONCAT('http://map.ninux.org/select/', g.h1 % @n + 1, '/') ELSE '' END,
       CASE (g.h4 DIV 3000) % 4 WHEN 0 THEN 'it-IT,it;q=0.8,en-US;q=0.6,en;q=0.4' WHEN 1 THEN 'it,en-us;q=0.7,en;q=0.3'
            WHEN 2 THEN 'en-US,en;q=0.8' ELSE '' END,
       TIMESTAMP '2010-01-01 00:00:00' + INTERVAL ((g.i - 1) * 180000000 DIV GREATEST(@contacts, 1) + g.h3 % 86400) SECOND
FROM (
    SELECT seq AS i,
           ((seq * 1103515245 + 51 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h1,
           ((seq * 1103515245 + 52 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h2,
           ((seq * 1103515245 + 53 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h3,
           ((seq * 1103515245 + 54 * 12345 + (seq % 7919) * (seq % 104729)) % 2147483647) * 48271 % 2147483647 AS h4
    FROM seq_1_to_100000000
    WHERE seq <= @contacts
) AS g
JOIN bench_first AS f ON f.i = g.h2 % 44
JOIN bench_last AS l ON l.i = (g.h2 DIV 44) % 44
JOIN bench_domain AS d ON d.i = (g.h2 DIV 1936) % 8
JOIN bench_message AS m ON m.i = (g.h2 DIV 20000) % 10
JOIN bench_agent AS a ON a.i = (g.h2 DIV 200000) % 6
ORDER BY g.i;

-- ------------------------------------------------------------- statistics --

INSERT INTO nodeshot_statistic (id, active_nodes, potential_nodes, hotspots, links, km, date)
SELECT seq,
       seq * @n DIV 240,
       seq * @n DIV 340,
       seq * @n DIV 1600,
       seq * @links DIV 240,
       ROUND(seq * @links / 240 * 1.37, 2),
       TIMESTAMP '2006-01-01 03:00:00' + INTERVAL seq MONTH
FROM seq_1_to_120;

-- -------------------------------------------------------------- clean up --

DROP TABLE bench_city, bench_slot, bench_first, bench_last, bench_domain, bench_phrase,
    bench_model, bench_iftype, bench_channel, bench_message, bench_agent, bench_wifi, bench_params;

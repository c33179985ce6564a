-- Legacy nodeshot 0.9 schema, SQLite flavour (development databases).
--
-- Exact DDL emitted by Django 1.4.1 `syncdb` with the SQLite backend
-- (docs legacy-schema.md section 4). Types are affinities only; REFERENCES
-- clauses are not enforced unless PRAGMA foreign_keys=ON.
--
-- Load into an EMPTY database file:
--   sqlite3 legacy.db < sql/legacy/sqlite.sql

CREATE TABLE "auth_user" (
    "id" integer NOT NULL PRIMARY KEY,
    "username" varchar(30) NOT NULL UNIQUE,
    "first_name" varchar(30) NOT NULL,
    "last_name" varchar(30) NOT NULL,
    "email" varchar(75) NOT NULL,
    "password" varchar(128) NOT NULL,
    "is_staff" bool NOT NULL,
    "is_active" bool NOT NULL,
    "is_superuser" bool NOT NULL,
    "last_login" datetime NOT NULL,
    "date_joined" datetime NOT NULL
);

CREATE TABLE "nodeshot_node" (
    "id" integer NOT NULL PRIMARY KEY,
    "name" varchar(50) NOT NULL UNIQUE,
    "slug" varchar(50) NOT NULL UNIQUE,
    "owner" varchar(50),
    "description" varchar(200),
    "postal_code" varchar(10) NOT NULL,
    "email" varchar(75) NOT NULL,
    "email2" varchar(75),
    "email3" varchar(75),
    "password" varchar(255) NOT NULL,
    "lat" real NOT NULL,
    "lng" real NOT NULL,
    "alt" real,
    "status" varchar(3) NOT NULL,
    "activation_key" varchar(40),
    "notes" text,
    "added" datetime NOT NULL,
    "updated" datetime NOT NULL
);

CREATE TABLE "nodeshot_device" (
    "id" integer NOT NULL PRIMARY KEY,
    "name" varchar(50) NOT NULL UNIQUE,
    "cname" varchar(30),
    "description" varchar(255),
    "type" varchar(50),
    "node_id" integer NOT NULL REFERENCES "nodeshot_node" ("id"),
    "routing_protocol" varchar(20) NOT NULL,
    "routing_protocol_version" varchar(10),
    "added" datetime NOT NULL,
    "updated" datetime NOT NULL,
    UNIQUE ("node_id", "cname")
);

CREATE TABLE "nodeshot_hna" (
    "id" integer NOT NULL PRIMARY KEY,
    "device_id" integer NOT NULL REFERENCES "nodeshot_device" ("id"),
    "route" varchar(43) NOT NULL
);

CREATE TABLE "nodeshot_interface" (
    "id" integer NOT NULL PRIMARY KEY,
    "ipv4_address" char(15) UNIQUE,
    "ipv6_address" char(39) UNIQUE,
    "mac_address" varchar(17) UNIQUE,
    "type" varchar(10) NOT NULL,
    "cname" varchar(30),
    "device_id" integer NOT NULL REFERENCES "nodeshot_device" ("id"),
    "draw_link" bool NOT NULL,
    "wireless_mode" varchar(5),
    "wireless_channel" varchar(4),
    "wireless_polarity" varchar(1),
    "essid" varchar(50),
    "bssid" varchar(50),
    "status" varchar(1) NOT NULL,
    "added" datetime NOT NULL,
    "updated" datetime NOT NULL,
    UNIQUE ("device_id", "cname")
);

CREATE TABLE "nodeshot_link" (
    "id" integer NOT NULL PRIMARY KEY,
    "from_interface_id" integer NOT NULL REFERENCES "nodeshot_interface" ("id"),
    "to_interface_id" integer NOT NULL REFERENCES "nodeshot_interface" ("id"),
    "etx" real NOT NULL,
    "dbm" integer NOT NULL,
    "sync_tx" integer NOT NULL,
    "sync_rx" integer NOT NULL,
    "hide" bool NOT NULL
);

CREATE TABLE "nodeshot_statistic" (
    "id" integer NOT NULL PRIMARY KEY,
    "active_nodes" integer NOT NULL,
    "potential_nodes" integer NOT NULL,
    "hotspots" integer NOT NULL,
    "links" integer NOT NULL,
    "km" real NOT NULL,
    "date" datetime NOT NULL
);

CREATE TABLE "nodeshot_contact" (
    "id" integer NOT NULL PRIMARY KEY,
    "node_id" integer NOT NULL REFERENCES "nodeshot_node" ("id"),
    "from_name" varchar(50) NOT NULL,
    "from_email" varchar(50) NOT NULL,
    "message" varchar(2000) NOT NULL,
    "ip" char(39) NOT NULL,
    "user_agent" varchar(200) NOT NULL,
    "http_referer" varchar(200) NOT NULL,
    "accept_language" varchar(60) NOT NULL,
    "date" datetime NOT NULL
);

CREATE INDEX "nodeshot_device_84561b5c" ON "nodeshot_device" ("cname");
CREATE INDEX "nodeshot_device_474baebc" ON "nodeshot_device" ("node_id");
CREATE INDEX "nodeshot_hna_5b7abc50" ON "nodeshot_hna" ("device_id");
CREATE INDEX "nodeshot_interface_84561b5c" ON "nodeshot_interface" ("cname");
CREATE INDEX "nodeshot_interface_5b7abc50" ON "nodeshot_interface" ("device_id");
CREATE INDEX "nodeshot_link_b9cc0406" ON "nodeshot_link" ("from_interface_id");
CREATE INDEX "nodeshot_link_50d1f6ff" ON "nodeshot_link" ("to_interface_id");
CREATE INDEX "nodeshot_contact_474baebc" ON "nodeshot_contact" ("node_id");

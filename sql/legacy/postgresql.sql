-- Legacy nodeshot 0.9 schema, PostgreSQL flavour (a 0.9 site whose Django
-- DATABASES engine was postgresql_psycopg2).
--
-- What Django 1.4.1 `syncdb` creates on PostgreSQL for the models of
-- legacy-schema.md section 2, written out from its PostgreSQL type table:
-- AutoField serial, BooleanField boolean, DateTimeField timestamp with
-- time zone, FloatField double precision, IntegerField integer,
-- IPAddressField and GenericIPAddressField inet, TextField text, the
-- CharFields (slug, email ...) varchar(n). Unique keys inline, foreign keys
-- DEFERRABLE INITIALLY DEFERRED, a plain and a varchar_pattern_ops index for
-- each indexed varchar, as syncdb names them. Column order as in the MySQL
-- and SQLite files: the loaders read columns by name.
--
-- Load into an EMPTY database:
--   psql -v ON_ERROR_STOP=1 -d DB -f sql/legacy/postgresql.sql

CREATE TABLE "auth_user" (
    "id" serial NOT NULL PRIMARY KEY,
    "username" varchar(30) NOT NULL UNIQUE,
    "first_name" varchar(30) NOT NULL,
    "last_name" varchar(30) NOT NULL,
    "email" varchar(75) NOT NULL,
    "password" varchar(128) NOT NULL,
    "is_staff" boolean NOT NULL,
    "is_active" boolean NOT NULL,
    "is_superuser" boolean NOT NULL,
    "last_login" timestamp with time zone NOT NULL,
    "date_joined" timestamp with time zone NOT NULL
);

CREATE TABLE "nodeshot_node" (
    "id" serial NOT NULL PRIMARY KEY,
    "name" varchar(50) NOT NULL UNIQUE,
    "slug" varchar(50) NOT NULL UNIQUE,
    "owner" varchar(50),
    "description" varchar(200),
    "postal_code" varchar(10) NOT NULL,
    "email" varchar(75) NOT NULL,
    "email2" varchar(75),
    "email3" varchar(75),
    "password" varchar(255) NOT NULL,
    "lat" double precision NOT NULL,
    "lng" double precision NOT NULL,
    "alt" double precision,
    "status" varchar(3) NOT NULL,
    "activation_key" varchar(40),
    "notes" text,
    "added" timestamp with time zone NOT NULL,
    "updated" timestamp with time zone NOT NULL
);

CREATE TABLE "nodeshot_device" (
    "id" serial NOT NULL PRIMARY KEY,
    "name" varchar(50) NOT NULL UNIQUE,
    "cname" varchar(30),
    "description" varchar(255),
    "type" varchar(50),
    "node_id" integer NOT NULL REFERENCES "nodeshot_node" ("id") DEFERRABLE INITIALLY DEFERRED,
    "routing_protocol" varchar(20) NOT NULL,
    "routing_protocol_version" varchar(10),
    "added" timestamp with time zone NOT NULL,
    "updated" timestamp with time zone NOT NULL,
    UNIQUE ("node_id", "cname")
);

CREATE TABLE "nodeshot_hna" (
    "id" serial NOT NULL PRIMARY KEY,
    "device_id" integer NOT NULL REFERENCES "nodeshot_device" ("id") DEFERRABLE INITIALLY DEFERRED,
    "route" varchar(43) NOT NULL
);

CREATE TABLE "nodeshot_interface" (
    "id" serial NOT NULL PRIMARY KEY,
    "ipv4_address" inet UNIQUE,
    "ipv6_address" inet UNIQUE,
    "mac_address" varchar(17) UNIQUE,
    "type" varchar(10) NOT NULL,
    "cname" varchar(30),
    "device_id" integer NOT NULL REFERENCES "nodeshot_device" ("id") DEFERRABLE INITIALLY DEFERRED,
    "draw_link" boolean NOT NULL,
    "wireless_mode" varchar(5),
    "wireless_channel" varchar(4),
    "wireless_polarity" varchar(1),
    "essid" varchar(50),
    "bssid" varchar(50),
    "status" varchar(1) NOT NULL,
    "added" timestamp with time zone NOT NULL,
    "updated" timestamp with time zone NOT NULL,
    UNIQUE ("device_id", "cname")
);

CREATE TABLE "nodeshot_link" (
    "id" serial NOT NULL PRIMARY KEY,
    "from_interface_id" integer NOT NULL REFERENCES "nodeshot_interface" ("id") DEFERRABLE INITIALLY DEFERRED,
    "to_interface_id" integer NOT NULL REFERENCES "nodeshot_interface" ("id") DEFERRABLE INITIALLY DEFERRED,
    "etx" double precision NOT NULL,
    "dbm" integer NOT NULL,
    "sync_tx" integer NOT NULL,
    "sync_rx" integer NOT NULL,
    "hide" boolean NOT NULL
);

CREATE TABLE "nodeshot_statistic" (
    "id" serial NOT NULL PRIMARY KEY,
    "active_nodes" integer NOT NULL,
    "potential_nodes" integer NOT NULL,
    "hotspots" integer NOT NULL,
    "links" integer NOT NULL,
    "km" double precision NOT NULL,
    "date" timestamp with time zone NOT NULL
);

CREATE TABLE "nodeshot_contact" (
    "id" serial NOT NULL PRIMARY KEY,
    "node_id" integer NOT NULL REFERENCES "nodeshot_node" ("id") DEFERRABLE INITIALLY DEFERRED,
    "from_name" varchar(50) NOT NULL,
    "from_email" varchar(50) NOT NULL,
    "message" varchar(2000) NOT NULL,
    "ip" inet NOT NULL,
    "user_agent" varchar(200) NOT NULL,
    "http_referer" varchar(200) NOT NULL,
    "accept_language" varchar(60) NOT NULL,
    "date" timestamp with time zone NOT NULL
);

CREATE INDEX "nodeshot_device_cname" ON "nodeshot_device" ("cname");
CREATE INDEX "nodeshot_device_cname_like" ON "nodeshot_device" ("cname" varchar_pattern_ops);
CREATE INDEX "nodeshot_device_node_id" ON "nodeshot_device" ("node_id");
CREATE INDEX "nodeshot_hna_device_id" ON "nodeshot_hna" ("device_id");
CREATE INDEX "nodeshot_interface_cname" ON "nodeshot_interface" ("cname");
CREATE INDEX "nodeshot_interface_cname_like" ON "nodeshot_interface" ("cname" varchar_pattern_ops);
CREATE INDEX "nodeshot_interface_device_id" ON "nodeshot_interface" ("device_id");
CREATE INDEX "nodeshot_link_from_interface_id" ON "nodeshot_link" ("from_interface_id");
CREATE INDEX "nodeshot_link_to_interface_id" ON "nodeshot_link" ("to_interface_id");
CREATE INDEX "nodeshot_contact_node_id" ON "nodeshot_contact" ("node_id");

-- Benchmark floor, part 1 (issue 6): typed landing tables for the plainest
-- possible copy of the legacy tables (legacy-schema.md section 7 types, no
-- keys, no indexes, no constraints). benchmark/run.py fills them with the
-- client driver of nodeshot_migrate/legacy/client.py and then runs floor.sql.
-- Never used by a migration: the floor lives in its own database.

drop schema if exists floor_legacy cascade;
create schema floor_legacy;

create table floor_legacy.auth_user (
    id integer,
    username varchar(30),
    first_name varchar(30),
    last_name varchar(30),
    email varchar(254),
    password varchar(128),
    is_staff boolean,
    is_active boolean,
    is_superuser boolean,
    last_login timestamp,
    date_joined timestamp
);

create table floor_legacy.nodeshot_node (
    id integer,
    name varchar(50),
    slug varchar(50),
    owner varchar(50),
    description varchar(200),
    postal_code varchar(10),
    email varchar(254),
    email2 varchar(254),
    email3 varchar(254),
    -- no password, no activation_key: the migration never copies them
    -- (issue 19, preflight.NOT_COPIED), so the floor does not either
    lat double precision,
    lng double precision,
    alt double precision,
    status varchar(3),
    notes text,
    added timestamp,
    updated timestamp
);

create table floor_legacy.nodeshot_device (
    id integer,
    name varchar(50),
    cname varchar(30),
    description varchar(255),
    type varchar(50),
    node_id integer,
    routing_protocol varchar(20),
    routing_protocol_version varchar(10),
    added timestamp,
    updated timestamp
);

create table floor_legacy.nodeshot_hna (
    id integer,
    device_id integer,
    route varchar(43)
);

create table floor_legacy.nodeshot_interface (
    id integer,
    ipv4_address varchar(39),
    ipv6_address varchar(39),
    mac_address varchar(17),
    type varchar(10),
    cname varchar(30),
    device_id integer,
    draw_link boolean,
    wireless_mode varchar(5),
    wireless_channel varchar(4),
    wireless_polarity varchar(1),
    essid varchar(50),
    bssid varchar(50),
    status varchar(1),
    added timestamp,
    updated timestamp
);

create table floor_legacy.nodeshot_link (
    id integer,
    from_interface_id integer,
    to_interface_id integer,
    etx double precision,
    dbm integer,
    sync_tx integer,
    sync_rx integer,
    hide boolean
);

create table floor_legacy.nodeshot_statistic (
    id integer,
    active_nodes integer,
    potential_nodes integer,
    hotspots integer,
    links integer,
    km double precision,
    date timestamp
);

create table floor_legacy.nodeshot_contact (
    id integer,
    node_id integer,
    from_name varchar(50),
    from_email varchar(50),
    message varchar(2000),
    ip varchar(39),
    user_agent varchar(200),
    http_referer varchar(200),
    accept_language varchar(60),
    date timestamp
);

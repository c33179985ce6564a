-- nodeshot 1.x target schema (Django 1.8.18 migrations, PostgreSQL + PostGIS).
--
-- Source of truth: shared/reference/target-schema.md, sections 5-7.
-- Tables are created so that every foreign-key target already exists when
-- the constraint referencing it is added.
--
-- Conventions reproduced from Django 1.8:
--   * no column defaults apart from the serial id sequences (<table>_id_seq);
--   * every foreign key is deferrable initially deferred, without on delete;
--   * unique varchar columns get an extra varchar_pattern_ops "_like" index;
--   * geometry columns get a GiST index "<table>_<column>_id".
-- Constraint and index names are the ones a real installation has; the dbt
-- project itself must never depend on them.

-- ---------------------------------------------------------------------------
-- django core tables
-- ---------------------------------------------------------------------------

create table django_migrations (
    id serial not null,
    app varchar(255) not null,
    name varchar(255) not null,
    applied timestamptz not null,
    constraint django_migrations_pkey primary key (id)
);

create table django_content_type (
    id serial not null,
    app_label varchar(100) not null,
    model varchar(100) not null,
    constraint django_content_type_pkey primary key (id),
    constraint django_content_type_app_label_45f3b1d93ec8c61c_uniq unique (app_label, model)
);

create table auth_group (
    id serial not null,
    name varchar(80) not null,
    constraint auth_group_pkey primary key (id),
    constraint auth_group_name_key unique (name)
);
create index auth_group_name_253ae2a6331666e8_like on auth_group using btree (name varchar_pattern_ops);

create table auth_permission (
    id serial not null,
    name varchar(255) not null,
    content_type_id integer not null,
    codename varchar(100) not null,
    constraint auth_permission_pkey primary key (id),
    constraint auth_permission_content_type_id_codename_key unique (content_type_id, codename)
);
alter table auth_permission
    add constraint auth_content_type_id_508cf46651277a81_fk_django_content_type_id
    foreign key (content_type_id) references django_content_type (id) deferrable initially deferred;
create index auth_permission_417f1b1c on auth_permission using btree (content_type_id);

-- ---------------------------------------------------------------------------
-- profiles (AUTH_USER_MODEL = profiles.Profile)
-- ---------------------------------------------------------------------------

create table profiles_profile (
    id serial not null,
    password varchar(128) not null,
    last_login timestamptz,
    is_superuser boolean not null,
    username varchar(254) not null,
    email varchar(254) not null,
    first_name varchar(30) not null,
    last_name varchar(30) not null,
    about text not null,
    gender varchar(1) not null,
    birth_date date,
    address varchar(150) not null,
    city varchar(30) not null,
    country varchar(30) not null,
    is_staff boolean not null,
    is_active boolean not null,
    date_joined timestamptz not null,
    constraint profiles_profile_pkey primary key (id),
    constraint profiles_profile_email_key unique (email),
    constraint profiles_profile_username_key unique (username)
);
create index profiles_profile_email_17ac9917aaaf977c_like on profiles_profile using btree (email varchar_pattern_ops);
create index profiles_profile_username_3ea6ca9e0f537d9b_like on profiles_profile using btree (username varchar_pattern_ops);

create table profiles_profile_groups (
    id serial not null,
    profile_id integer not null,
    group_id integer not null,
    constraint profiles_profile_groups_pkey primary key (id),
    constraint profiles_profile_groups_profile_id_group_id_key unique (profile_id, group_id)
);
alter table profiles_profile_groups
    add constraint profiles_pro_profile_id_59a0cf98572a1aaa_fk_profiles_profile_id
    foreign key (profile_id) references profiles_profile (id) deferrable initially deferred;
alter table profiles_profile_groups
    add constraint profiles_profile_gro_group_id_367844fc0931b47a_fk_auth_group_id
    foreign key (group_id) references auth_group (id) deferrable initially deferred;
create index profiles_profile_groups_0e939a4f on profiles_profile_groups using btree (group_id);
create index profiles_profile_groups_83a0eb3f on profiles_profile_groups using btree (profile_id);

-- Not spelled out in the reference ("same shape as groups"); names follow
-- Django 1.8's naming scheme for this table.
create table profiles_profile_user_permissions (
    id serial not null,
    profile_id integer not null,
    permission_id integer not null,
    constraint profiles_profile_user_permissions_pkey primary key (id),
    constraint profiles_profile_user_permissions_profile_id_permission_id_key unique (profile_id, permission_id)
);
alter table profiles_profile_user_permissions
    add constraint profiles_pro_profile_id_6c56524187a32204_fk_profiles_profile_id
    foreign key (profile_id) references profiles_profile (id) deferrable initially deferred;
alter table profiles_profile_user_permissions
    add constraint profiles_p_permission_id_2a9e1268c2f72bf9_fk_auth_permission_id
    foreign key (permission_id) references auth_permission (id) deferrable initially deferred;
create index profiles_profile_user_permissions_8373b171 on profiles_profile_user_permissions using btree (permission_id);
create index profiles_profile_user_permissions_83a0eb3f on profiles_profile_user_permissions using btree (profile_id);

create table profiles_emailaddress (
    id serial not null,
    email varchar(254) not null,
    verified boolean not null,
    "primary" boolean not null,
    user_id integer not null,
    constraint profiles_emailaddress_pkey primary key (id),
    constraint profiles_emailaddress_email_key unique (email),
    constraint profiles_emailaddress_user_id_64358e5993cd1879_uniq unique (user_id, email)
);
alter table profiles_emailaddress
    add constraint profiles_emaila_user_id_497272ce076563d5_fk_profiles_profile_id
    foreign key (user_id) references profiles_profile (id) deferrable initially deferred;
create index profiles_emailaddress_e8701ad4 on profiles_emailaddress using btree (user_id);
create index profiles_emailaddress_email_387ce90057660260_like on profiles_emailaddress using btree (email varchar_pattern_ops);

create table profiles_emailconfirmation (
    id serial not null,
    created_at timestamptz not null,
    key varchar(40) not null,
    email_address_id integer not null,
    constraint profiles_emailconfirmation_pkey primary key (id)
);
alter table profiles_emailconfirmation
    add constraint p_email_address_id_22cf59e7d9e58db0_fk_profiles_emailaddress_id
    foreign key (email_address_id) references profiles_emailaddress (id) deferrable initially deferred;
create index profiles_emailconfirmation_6f1edeac on profiles_emailconfirmation using btree (email_address_id);

-- ---------------------------------------------------------------------------
-- layers (+ sync app's external layer configuration)
-- ---------------------------------------------------------------------------

create table layers_layer (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    name varchar(50) not null,
    slug varchar(50) not null,
    description varchar(250),
    text text,
    is_published boolean not null,
    is_external boolean not null,
    area geometry(Geometry, 4326) not null,
    organization varchar(255) not null,
    website varchar(200),
    email varchar(254) not null,
    nodes_minimum_distance integer not null,
    new_nodes_allowed boolean not null,
    data hstore,
    constraint layers_layer_pkey primary key (id),
    constraint layers_layer_name_key unique (name),
    constraint layers_layer_slug_key unique (slug)
);
create index layers_layer_area_id on layers_layer using gist (area);
create index layers_layer_name_ba647a6dd3f1fe8_like on layers_layer using btree (name varchar_pattern_ops);
create index layers_layer_slug_3c295fb2a0edb7f0_like on layers_layer using btree (slug varchar_pattern_ops);

create table layers_layer_mantainers (
    id serial not null,
    layer_id integer not null,
    profile_id integer not null,
    constraint layers_layer_mantainers_pkey primary key (id),
    constraint layers_layer_mantainers_layer_id_profile_id_key unique (layer_id, profile_id)
);
alter table layers_layer_mantainers
    add constraint layers_layer_manta_layer_id_43022152c420a798_fk_layers_layer_id
    foreign key (layer_id) references layers_layer (id) deferrable initially deferred;
alter table layers_layer_mantainers
    add constraint layers_layer_profile_id_7f08df730fcc1f6e_fk_profiles_profile_id
    foreign key (profile_id) references profiles_profile (id) deferrable initially deferred;
create index layers_layer_mantainers_7a39a38c on layers_layer_mantainers using btree (layer_id);
create index layers_layer_mantainers_83a0eb3f on layers_layer_mantainers using btree (profile_id);

create table layers_external (
    id serial not null,
    layer_id integer not null,
    synchronizer_path varchar(128) not null,
    config hstore,
    constraint layers_external_pkey primary key (id),
    constraint layers_external_layer_id_key unique (layer_id)
);
alter table layers_external
    add constraint layers_external_layer_id_478b2c53b42e2ceb_fk_layers_layer_id
    foreign key (layer_id) references layers_layer (id) deferrable initially deferred;

-- ---------------------------------------------------------------------------
-- nodes
-- ---------------------------------------------------------------------------

create table nodes_status (
    id serial not null,
    "order" integer not null,
    name varchar(255) not null,
    slug varchar(75) not null,
    description varchar(255) not null,
    is_default boolean not null,
    stroke_width smallint not null,
    fill_color varchar(7) not null,
    stroke_color varchar(7) not null,
    text_color varchar(7) not null,
    constraint nodes_status_order_check check ("order" >= 0),
    constraint nodes_status_pkey primary key (id),
    constraint nodes_status_slug_key unique (slug)
);
create index nodes_status_slug_627093acb61302e0_like on nodes_status using btree (slug varchar_pattern_ops);

create table nodes_node (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    access_level smallint not null,
    name varchar(75) not null,
    slug varchar(75) not null,
    is_published boolean not null,
    geometry geometry(Geometry, 4326) not null,
    elev double precision,
    address varchar(150),
    description text,
    notes text,
    data hstore,
    layer_id integer not null,
    status_id integer,
    user_id integer,
    constraint nodes_node_pkey primary key (id),
    constraint nodes_node_name_key unique (name),
    constraint nodes_node_slug_key unique (slug)
);
alter table nodes_node
    add constraint nodes_node_layer_id_7fb613acbd5bbe44_fk_layers_layer_id
    foreign key (layer_id) references layers_layer (id) deferrable initially deferred;
alter table nodes_node
    add constraint nodes_node_status_id_2fc70e13f9977916_fk_nodes_status_id
    foreign key (status_id) references nodes_status (id) deferrable initially deferred;
alter table nodes_node
    add constraint nodes_node_user_id_24fcaed1d53575cd_fk_profiles_profile_id
    foreign key (user_id) references profiles_profile (id) deferrable initially deferred;
create index nodes_node_7a39a38c on nodes_node using btree (layer_id);
create index nodes_node_dc91ed4b on nodes_node using btree (status_id);
create index nodes_node_e8701ad4 on nodes_node using btree (user_id);
create index nodes_node_geometry_id on nodes_node using gist (geometry);
create index nodes_node_name_20d77407df2c1910_like on nodes_node using btree (name varchar_pattern_ops);
create index nodes_node_slug_222a226622e43488_like on nodes_node using btree (slug varchar_pattern_ops);

-- ---------------------------------------------------------------------------
-- net: routing protocols, devices, interfaces, vaps, ips
-- ---------------------------------------------------------------------------

create table net_routing_protocol (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    name varchar(50) not null,
    version varchar(128) not null,
    constraint net_routing_protocol_pkey primary key (id),
    constraint net_routing_protocol_name_6322de4fe6baad3f_uniq unique (name, version)
);

create table net_device (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    access_level smallint not null,
    name varchar(50) not null,
    type varchar(50) not null,
    status smallint not null,
    location geometry(Point, 4326),
    elev double precision,
    os varchar(128),
    os_version varchar(128),
    first_seen timestamptz,
    last_seen timestamptz,
    description varchar(255),
    notes text,
    data hstore,
    shortcuts hstore,
    node_id integer not null,
    constraint net_device_pkey primary key (id)
);
alter table net_device
    add constraint net_device_node_id_7c049664cb042af2_fk_nodes_node_id
    foreign key (node_id) references nodes_node (id) deferrable initially deferred;
create index net_device_c693ebc8 on net_device using btree (node_id);
create index net_device_location_id on net_device using gist (location);

create table net_device_routing_protocols (
    id serial not null,
    device_id integer not null,
    routingprotocol_id integer not null,
    constraint net_device_routing_protocols_pkey primary key (id),
    constraint net_device_routing_protocols_device_id_routingprotocol_id_key unique (device_id, routingprotocol_id)
);
alter table net_device_routing_protocols
    add constraint net_device_routing__device_id_3fe2299941172113_fk_net_device_id
    foreign key (device_id) references net_device (id) deferrable initially deferred;
alter table net_device_routing_protocols
    add constraint routingprotocol_id_3e938d8ca64bad4c_fk_net_routing_protocol_id
    foreign key (routingprotocol_id) references net_routing_protocol (id) deferrable initially deferred;
create index net_device_routing_protocols_732b8164 on net_device_routing_protocols using btree (routingprotocol_id);
create index net_device_routing_protocols_9379346c on net_device_routing_protocols using btree (device_id);

-- parent of the multi-table-inheritance interface children
create table net_interface (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    access_level smallint not null,
    type integer not null,
    name varchar(10),
    mac macaddr,
    mtu integer,
    tx_rate integer,
    rx_rate integer,
    data hstore,
    shortcuts hstore,
    device_id integer not null,
    constraint net_interface_pkey primary key (id),
    constraint net_interface_mac_key unique (mac)
);
alter table net_interface
    add constraint net_interface_device_id_6d8a2e19032e0dae_fk_net_device_id
    foreign key (device_id) references net_device (id) deferrable initially deferred;
create index net_interface_9379346c on net_interface using btree (device_id);

create table net_interface_ethernet (
    interface_ptr_id integer not null,
    standard varchar(15) not null,
    duplex varchar(15) not null,
    constraint net_interface_ethernet_pkey primary key (interface_ptr_id)
);
alter table net_interface_ethernet
    add constraint net_interf_interface_ptr_id_75f1b5bb6846ae6_fk_net_interface_id
    foreign key (interface_ptr_id) references net_interface (id) deferrable initially deferred;

create table net_interface_wireless (
    interface_ptr_id integer not null,
    mode varchar(5),
    standard varchar(7),
    channel varchar(4),
    channel_width varchar(6),
    output_power integer,
    dbm integer,
    noise integer,
    constraint net_interface_wireless_pkey primary key (interface_ptr_id)
);
alter table net_interface_wireless
    add constraint net_inter_interface_ptr_id_64d8d179c0bdc50d_fk_net_interface_id
    foreign key (interface_ptr_id) references net_interface (id) deferrable initially deferred;

create table net_interface_bridge (
    interface_ptr_id integer not null,
    constraint net_interface_bridge_pkey primary key (interface_ptr_id)
);
alter table net_interface_bridge
    add constraint net_inter_interface_ptr_id_5a7c7847b8d7ddf6_fk_net_interface_id
    foreign key (interface_ptr_id) references net_interface (id) deferrable initially deferred;

create table net_interface_bridge_interfaces (
    id serial not null,
    bridge_id integer not null,
    interface_id integer not null,
    constraint net_interface_bridge_interfaces_pkey primary key (id),
    constraint net_interface_bridge_interfaces_bridge_id_interface_id_key unique (bridge_id, interface_id)
);
alter table net_interface_bridge_interfaces
    add constraint c9746da47c5bbe8d8a8784f645d23559
    foreign key (bridge_id) references net_interface_bridge (interface_ptr_id) deferrable initially deferred;
alter table net_interface_bridge_interfaces
    add constraint net_interface_interface_id_35122ba8d6ba5317_fk_net_interface_id
    foreign key (interface_id) references net_interface (id) deferrable initially deferred;
create index net_interface_bridge_interfaces_63ab5b72 on net_interface_bridge_interfaces using btree (bridge_id);
create index net_interface_bridge_interfaces_991706b3 on net_interface_bridge_interfaces using btree (interface_id);

create table net_interface_tunnel (
    interface_ptr_id integer not null,
    sap varchar(10),
    protocol varchar(10),
    endpoint inet,
    constraint net_interface_tunnel_pkey primary key (interface_ptr_id)
);
alter table net_interface_tunnel
    add constraint net_inter_interface_ptr_id_501be7597dc03c07_fk_net_interface_id
    foreign key (interface_ptr_id) references net_interface (id) deferrable initially deferred;

create table net_interface_vlan (
    interface_ptr_id integer not null,
    tag varchar(10) not null,
    constraint net_interface_vlan_pkey primary key (interface_ptr_id)
);
alter table net_interface_vlan
    add constraint net_inter_interface_ptr_id_669ec967805e4084_fk_net_interface_id
    foreign key (interface_ptr_id) references net_interface (id) deferrable initially deferred;

-- note: a vap references the wireless child table, not net_interface
create table net_interface_vap (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    essid varchar(50),
    bssid varchar(50),
    encryption varchar(50),
    key varchar(100),
    auth_server varchar(50),
    auth_port integer,
    accounting_server varchar(50),
    accounting_port integer,
    interface_id integer not null,
    constraint net_interface_vap_pkey primary key (id)
);
alter table net_interface_vap
    add constraint d36ae0994c0619b51b5225ed1d91ff10
    foreign key (interface_id) references net_interface_wireless (interface_ptr_id) deferrable initially deferred;
create index net_interface_vap_991706b3 on net_interface_vap using btree (interface_id);

create table net_ip (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    access_level smallint not null,
    address inet not null,
    protocol varchar(4) not null,
    netmask cidr,
    interface_id integer not null,
    constraint net_ip_pkey primary key (id),
    constraint net_ip_address_key unique (address)
);
alter table net_ip
    add constraint net_ip_interface_id_4da8971601158067_fk_net_interface_id
    foreign key (interface_id) references net_interface (id) deferrable initially deferred;
create index net_ip_991706b3 on net_ip using btree (interface_id);

-- ---------------------------------------------------------------------------
-- links
-- ---------------------------------------------------------------------------

create table links_topology (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    name varchar(75) not null,
    format varchar(128) not null,
    url varchar(200) not null,
    constraint links_topology_pkey primary key (id),
    constraint links_topology_name_key unique (name)
);
create index links_topology_name_517f10430257c091_like on links_topology using btree (name varchar_pattern_ops);

create table links_link (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    access_level smallint not null,
    type smallint,
    line geometry(LineString, 4326),
    status smallint not null,
    first_seen timestamptz,
    last_seen timestamptz,
    metric_type varchar(6),
    metric_value double precision,
    max_rate integer,
    min_rate integer,
    dbm integer,
    noise integer,
    data hstore,
    shortcuts hstore,
    interface_a_id integer,
    interface_b_id integer,
    layer_id integer,
    node_a_id integer,
    node_b_id integer,
    topology_id integer,
    constraint links_link_pkey primary key (id)
);
alter table links_link
    add constraint links_link_interface_a_id_18576fe0485f3994_fk_net_interface_id
    foreign key (interface_a_id) references net_interface (id) deferrable initially deferred;
alter table links_link
    add constraint links_link_interface_b_id_20428242960e6def_fk_net_interface_id
    foreign key (interface_b_id) references net_interface (id) deferrable initially deferred;
alter table links_link
    add constraint links_link_layer_id_645023ce366252ec_fk_layers_layer_id
    foreign key (layer_id) references layers_layer (id) deferrable initially deferred;
alter table links_link
    add constraint links_link_node_a_id_50ad9c71afee5a4c_fk_nodes_node_id
    foreign key (node_a_id) references nodes_node (id) deferrable initially deferred;
alter table links_link
    add constraint links_link_node_b_id_79ef923c54ad53b_fk_nodes_node_id
    foreign key (node_b_id) references nodes_node (id) deferrable initially deferred;
alter table links_link
    add constraint links_link_topology_id_57f84d903a88577f_fk_links_topology_id
    foreign key (topology_id) references links_topology (id) deferrable initially deferred;
create index links_link_12f47bf9 on links_link using btree (interface_a_id);
create index links_link_1ada4103 on links_link using btree (node_a_id);
create index links_link_6ba8c0c7 on links_link using btree (interface_b_id);
create index links_link_767da8f7 on links_link using btree (node_b_id);
create index links_link_7a39a38c on links_link using btree (layer_id);
create index links_link_edfa0916 on links_link using btree (topology_id);
create index links_link_line_id on links_link using gist (line);

-- ---------------------------------------------------------------------------
-- mailing
-- ---------------------------------------------------------------------------

create table mailing_inward (
    id serial not null,
    added timestamptz not null,
    updated timestamptz not null,
    status integer not null,
    object_id integer not null,
    from_name varchar(50) not null,
    from_email varchar(50) not null,
    message text not null,
    ip inet,
    user_agent varchar(255) not null,
    accept_language varchar(255) not null,
    content_type_id integer not null,
    user_id integer,
    constraint mailing_inward_object_id_check check (object_id >= 0),
    constraint mailing_inward_pkey primary key (id)
);
alter table mailing_inward
    add constraint mail_content_type_id_3d228ebc79826db5_fk_django_content_type_id
    foreign key (content_type_id) references django_content_type (id) deferrable initially deferred;
alter table mailing_inward
    add constraint mailing_inward_user_id_3c8b84d2b1650dd8_fk_profiles_profile_id
    foreign key (user_id) references profiles_profile (id) deferrable initially deferred;
create index mailing_inward_417f1b1c on mailing_inward using btree (content_type_id);
create index mailing_inward_e8701ad4 on mailing_inward using btree (user_id);

-- ---------------------------------------------------------------------------
-- participation (rows written when a node is created)
-- ---------------------------------------------------------------------------

create table participation_node_counts (
    id serial not null,
    likes integer not null,
    dislikes integer not null,
    rating_count integer not null,
    rating_avg double precision not null,
    comment_count integer not null,
    node_id integer not null,
    constraint participation_node_counts_pkey primary key (id),
    constraint participation_node_counts_node_id_key unique (node_id)
);
alter table participation_node_counts
    add constraint participation_node_co_node_id_739b3fbc6fd3d832_fk_nodes_node_id
    foreign key (node_id) references nodes_node (id) deferrable initially deferred;

create table participation_node_settings (
    id serial not null,
    voting_allowed boolean not null,
    rating_allowed boolean not null,
    comments_allowed boolean not null,
    node_id integer not null,
    constraint participation_node_settings_pkey primary key (id),
    constraint participation_node_settings_node_id_key unique (node_id)
);
alter table participation_node_settings
    add constraint participation_node_se_node_id_59d8399312e9c2a3_fk_nodes_node_id
    foreign key (node_id) references nodes_node (id) deferrable initially deferred;

-- ---------------------------------------------------------------------------
-- notifications (rows written when a user is created)
-- ---------------------------------------------------------------------------

create table notifications_user_web_settings (
    id serial not null,
    node_created integer not null,
    node_status_changed integer not null,
    node_own_status_changed boolean not null,
    node_deleted integer not null,
    user_id integer not null,
    constraint notifications_user_web_settings_pkey primary key (id),
    constraint notifications_user_web_settings_user_id_key unique (user_id)
);
alter table notifications_user_web_settings
    add constraint notifications_u_user_id_3ed814cdc77b030b_fk_profiles_profile_id
    foreign key (user_id) references profiles_profile (id) deferrable initially deferred;

create table notifications_user_email_settings (
    id serial not null,
    node_created integer not null,
    node_status_changed integer not null,
    node_own_status_changed boolean not null,
    node_deleted integer not null,
    user_id integer not null,
    constraint notifications_user_email_settings_pkey primary key (id),
    constraint notifications_user_email_settings_user_id_key unique (user_id)
);
alter table notifications_user_email_settings
    add constraint notifications_u_user_id_4a160acc31020cd5_fk_profiles_profile_id
    foreign key (user_id) references profiles_profile (id) deferrable initially deferred;

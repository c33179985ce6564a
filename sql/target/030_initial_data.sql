-- nodeshot 1.x initial data (target-schema.md section 8) plus the rows that
-- `manage.py migrate` leaves behind (content types, migration records).

-- ---------------------------------------------------------------------------
-- groups shipped by core/nodes/fixtures/initial_data.json
-- ---------------------------------------------------------------------------
insert into auth_group (id, name) values
    (1, 'registered'),
    (2, 'community'),
    (3, 'trusted');

-- ---------------------------------------------------------------------------
-- node statuses shipped by core/nodes/fixtures/initial_data.json
-- ---------------------------------------------------------------------------
insert into nodes_status
    (id, "order", name, slug, description, is_default,
     stroke_width, fill_color, stroke_color, text_color)
values
    (1, 0, 'Potential', 'potential', 'Potential node', true,  2, '#ff8000', '#ec7600', '#ffffff'),
    (2, 1, 'Planned',   'planned',   'Planned node',   false, 2, '#408080', '#2f5e5e', '#ffffff'),
    (3, 2, 'Active',    'active',    'Active node',    false, 2, '#008000', '#005e00', '#ffffff');

-- ---------------------------------------------------------------------------
-- content types, as created by migrate's post-migrate handler, app by app in
-- INSTALLED_APPS order. Ids come from the sequence: consumers must look a
-- content type up by (app_label, model), never by id.
-- ---------------------------------------------------------------------------
insert into django_content_type (app_label, model) values
    ('auth', 'permission'),
    ('auth', 'group'),
    ('contenttypes', 'contenttype'),
    ('sessions', 'session'),
    ('layers', 'layer'),
    ('nodes', 'node'),
    ('nodes', 'image'),
    ('nodes', 'status'),
    ('sync', 'layerexternal'),
    ('sync', 'nodeexternal'),
    ('participation', 'comment'),
    ('participation', 'layerparticipationsettings'),
    ('participation', 'nodeparticipationsettings'),
    ('participation', 'noderatingcount'),
    ('participation', 'rating'),
    ('participation', 'vote'),
    ('notifications', 'notification'),
    ('notifications', 'useremailnotificationsettings'),
    ('notifications', 'userwebnotificationsettings'),
    ('profiles', 'profile'),
    ('profiles', 'emailaddress'),
    ('profiles', 'emailconfirmation'),
    ('profiles', 'passwordreset'),
    ('profiles', 'sociallink'),
    ('mailing', 'inward'),
    ('mailing', 'outward'),
    ('net', 'routingprotocol'),
    ('net', 'device'),
    ('net', 'interface'),
    ('net', 'ethernet'),
    ('net', 'wireless'),
    ('net', 'bridge'),
    ('net', 'tunnel'),
    ('net', 'vlan'),
    ('net', 'vap'),
    ('net', 'ip'),
    ('links', 'topology'),
    ('links', 'link'),
    ('admin', 'logentry');

-- ---------------------------------------------------------------------------
-- migration records: mark the apps of this schema as installed
-- (the migration tool checks participation / notifications / sync here)
-- ---------------------------------------------------------------------------
insert into django_migrations (app, name, applied) values
    ('contenttypes',  '0001_initial', '2016-01-01 00:00:00+00'),
    ('auth',          '0001_initial', '2016-01-01 00:00:00+00'),
    ('profiles',      '0001_initial', '2016-01-01 00:00:00+00'),
    ('layers',        '0001_initial', '2016-01-01 00:00:00+00'),
    ('nodes',         '0001_initial', '2016-01-01 00:00:00+00'),
    ('net',           '0001_initial', '2016-01-01 00:00:00+00'),
    ('links',         '0001_initial', '2016-01-01 00:00:00+00'),
    ('mailing',       '0001_initial', '2016-01-01 00:00:00+00'),
    ('participation', '0001_initial', '2016-01-01 00:00:00+00'),
    ('notifications', '0001_initial', '2016-01-01 00:00:00+00'),
    ('sync',          '0001_initial', '2016-01-01 00:00:00+00');

-- ---------------------------------------------------------------------------
-- advance the sequences of the tables filled with explicit ids
-- ---------------------------------------------------------------------------
select setval(pg_get_serial_sequence('auth_group', 'id'), (select max(id) from auth_group));
select setval(pg_get_serial_sequence('nodes_status', 'id'), (select max(id) from nodes_status));

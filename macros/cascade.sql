{#- Deleting rows the way Django's delete() does (target-schema 9): every
    nodeshot foreign key is ON DELETE CASCADE in Django but NO ACTION in the
    database, so dependants are collected and deleted explicitly, children
    first. Tables of optional apps are skipped when the target lacks them. -#}

{#- `delete from <table> where <condition>`, counted in apply_counts, only
    if the target has that table and the column the condition names. -#}
{% macro cascade_delete_where(table, column, condition) %}
{%- set rel = app_table(table) -%}
{%- if rel is not none and column in (adapter.get_columns_in_relation(rel) | map(attribute='name') | list) %}
with deleted as (
    delete from {{ rel }} as doomed
    where {{ condition | replace('@', 'doomed.' ~ column) }}
    returning 1 as row_deleted
)

insert into apply_counts (table_name, inserted, updated, deleted)
select
    '{{ table }}' as table_name,
    0 as inserted,
    0 as updated,
    count(*) as deleted
from deleted;
{%- endif %}
{% endmacro %}

{#- `where` (or `and`) the row `alias` is not one the run writes again
    (in `mart`, the frozen mart of its table): see cascade_delete_network. -#}
{% macro still_migrating(alias, mart, keyword='where') %}
{{ keyword }} not exists (
    select from {{ mart }} as migrating
    where migrating.id = {{ alias }}.id
)
{%- endmacro %}

{#- Delete the rows listed in `source` (columns table_name, id) for nodes,
    devices, interfaces, links and inward messages, with their cascades.
    Profiles are deleted separately (cascade_delete_profiles), after the
    run's writes, when it is known that they own nothing.
    keep_migrating (the apply): a device, interface or link whose legacy
    row still exists and still migrates (it is in the run's frozen mart,
    snap_<table>) is never deleted through a cascade: the legacy moved it
    to a node, device or interface that stays, and the run's upsert
    re-points it there, as the reference's end state has it (issue 17).
    Deleted and written again, it would lose the site's rows hanging off
    it and its ledger entry would no longer match the run that wrote it. -#}
{% macro cascade_delete_network(source, keep_migrating=false) %}
{%- set app = var('app_schema', 'public') -%}
create temporary table doomed_nodes on commit drop as
select id from {{ source }}
where table_name = 'nodes_node';

create temporary table doomed_devices on commit drop as
select id from {{ source }}
where table_name = 'net_device'
union
select devices.id
from {{ app }}.net_device as devices
inner join doomed_nodes
    on devices.node_id = doomed_nodes.id
{{- still_migrating('devices', 'snap_net_device') if keep_migrating else '' }};

create temporary table doomed_interfaces on commit drop as
select id from {{ source }}
where table_name = 'net_interface'
union
select interfaces.id
from {{ app }}.net_interface as interfaces
inner join doomed_devices
    on interfaces.device_id = doomed_devices.id
{{- still_migrating('interfaces', 'snap_net_interface') if keep_migrating else '' }};

create temporary table doomed_links on commit drop as
select id from {{ source }}
where table_name = 'links_link'
union
select links.id
from {{ app }}.links_link as links
where
    (
        links.node_a_id in (select doomed_nodes.id from doomed_nodes)
        or links.node_b_id in (select doomed_nodes.id from doomed_nodes)
        or links.interface_a_id in (select doomed_interfaces.id from doomed_interfaces)
        or links.interface_b_id in (select doomed_interfaces.id from doomed_interfaces)
    )
    {{- still_migrating('links', 'snap_links_link', 'and') if keep_migrating else '' }};

{{ cascade_delete_where('links_link', 'id', '@ in (select doomed_links.id from doomed_links)') }}
{{ cascade_delete_where('net_ip', 'interface_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{{ cascade_delete_where('net_interface_vap', 'interface_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{{ cascade_delete_where('net_interface_bridge_interfaces', 'bridge_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{{ cascade_delete_where('net_interface_bridge_interfaces', 'interface_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{{ cascade_delete_where('hardware_antenna', 'radio_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{%- for child in ['net_interface_ethernet', 'net_interface_wireless', 'net_interface_bridge', 'net_interface_tunnel', 'net_interface_vlan'] %}
{{ cascade_delete_where(child, 'interface_ptr_id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{%- endfor %}
{{ cascade_delete_where('net_interface', 'id', '@ in (select doomed_interfaces.id from doomed_interfaces)') }}
{%- for dependant in ['net_device_routing_protocols', 'connectors_deviceconnector', 'hardware_antenna', 'hardware_device_to_model'] %}
{{ cascade_delete_where(dependant, 'device_id', '@ in (select doomed_devices.id from doomed_devices)') }}
{%- endfor %}
{{ cascade_delete_where('net_device', 'id', '@ in (select doomed_devices.id from doomed_devices)') }}
{%- for dependant in ['nodes_image', 'nodes_external', 'participation_node_counts', 'participation_node_settings',
                      'participation_comment', 'participation_rating', 'participation_vote', 'connectors_deviceconnector'] %}
{{ cascade_delete_where(dependant, 'node_id', '@ in (select doomed_nodes.id from doomed_nodes)') }}
{%- endfor %}
{{ cascade_delete_where('nodes_node', 'id', '@ in (select doomed_nodes.id from doomed_nodes)') }}
{{ cascade_delete_where('mailing_inward', 'id', "@ in (select deletions.id from " ~ source ~ " as deletions where deletions.table_name = 'mailing_inward')") }}
{% endmacro %}

{#- The rows that refer to a profile and go with it (Django's cascade for
    a user; those that stay with no user: profile_nullified), as
    `table.column` pairs, comma-separated (a plain string, so that the macro
    renders the same in dbt and in sqlfluff's templater). -#}
{% macro profile_dependants() -%}
profiles_emailaddress.user_id,profiles_passwordreset.user_id,profiles_social_links.user_id,
profiles_profile_groups.profile_id,profiles_profile_user_permissions.profile_id,
layers_layer_mantainers.profile_id,mailing_outward_users.profile_id,
notifications_notification.to_user_id,notifications_notification.from_user_id,
notifications_user_web_settings.user_id,notifications_user_email_settings.user_id,
participation_comment.user_id,participation_rating.user_id,participation_vote.user_id,
social_auth_usersocialauth.user_id,django_admin_log.user_id
{%- endmacro %}

{#- The rows that refer to a profile and outlive it with no user, as
    `table.column` pairs: an inward message (a legacy contact keeps the
    name and email its sender typed, issue 17) and a revision of
    django-reversion (its `user` is on_delete=SET_NULL). -#}
{% macro profile_nullified() -%}
mailing_inward.user_id,reversion_revision.user_id
{%- endmacro %}

{#- doomed_profiles: the profiles listed in `source` (table_name
    'profiles_profile') that own no node now. Staff and superusers are
    never deleted by a sync, whatever the list says; `invoke forget`
    (include_staff) removes the ones its run created. A sync (keep_used)
    also keeps a profile the site has used (issue 18, item 3): one that
    has logged in, whose password is no longer an unusable one, or that a
    row of the site refers to (a row of a table the importer does not own,
    or one the ledger does not list). It stays, as a profile_in_use notice.
    Run before the contacts are written: a contact of a doomed profile is
    written with no user (apply_write's repoint), never deleted with it. -#}
{% macro select_doomed_profiles(source, include_staff=false, keep_used=true) %}
{%- set app = var('app_schema', 'public') -%}
{%- set owned = owned_tables().split(',') | map('trim') | list -%}
create temporary table doomed_profiles on commit drop as
select profiles.id
from {{ app }}.profiles_profile as profiles
inner join {{ source }} as listed
    on profiles.id = listed.id and listed.table_name = 'profiles_profile'
where
    {%- if not include_staff %}
    not profiles.is_staff
    and not profiles.is_superuser
    and
    {%- endif %}
    not exists (
        select 1 as owns_a_node from {{ app }}.nodes_node as nodes
        where nodes.user_id = profiles.id
    );
{%- if keep_used %}

create temporary table profiles_in_use (
    id bigint not null,
    reason text not null
) on commit drop;

insert into profiles_in_use (id, reason)
select profiles.id, case when profiles.last_login is not null then 'has logged in' else 'has a usable password' end
from {{ app }}.profiles_profile as profiles
inner join doomed_profiles
    on profiles.id = doomed_profiles.id
where profiles.last_login is not null or profiles.password not like '!%';
{%- for pair in (profile_dependants() ~ ',' ~ profile_nullified()).split(',') | map('trim') %}
{%- set dependant, column = pair.split('.') %}
{%- set rel = app_table(dependant) %}
{%- if rel is not none and column in (adapter.get_columns_in_relation(rel) | map(attribute='name') | list) %}

insert into profiles_in_use (id, reason)
select distinct doomed_profiles.id, 'a row of {{ dependant }} refers to it'
from doomed_profiles
inner join {{ rel }} as site_row
    on doomed_profiles.id = site_row.{{ column }}
{%- if dependant in owned %}
where not exists (
    select from migration.owned_rows as ledger
    where ledger.table_name = '{{ dependant }}' and ledger.row_id = site_row.id
)
{%- endif %};
{%- endif %}
{%- endfor %}

delete from doomed_profiles
where doomed_profiles.id in (select profiles_in_use.id from profiles_in_use);

insert into migration.notices (entity, legacy_id, rule, detail)
select
    'profiles_profile',
    profiles_in_use.id,
    'profile_in_use',
    'kept, though nothing of the legacy needs it any more: ' || string_agg(distinct profiles_in_use.reason, ', ' order by profiles_in_use.reason)
from profiles_in_use
group by profiles_in_use.id;
{%- endif %}
{% endmacro %}

{#- Delete doomed_profiles (select_doomed_profiles) with Django's cascade
    for a user. An inward message (a legacy contact) is never deleted with
    its user: it keeps its row with no user and the name and email its
    sender typed, as the reference's end state has it (issue 17); a
    revision keeps its row with no user, as django-reversion's SET_NULL
    has it. -#}
{% macro delete_doomed_profiles() %}
{%- set app = var('app_schema', 'public') -%}
{{ cascade_delete_where('profiles_emailconfirmation', 'email_address_id',
    '@ in (select addresses.id from ' ~ app ~ '.profiles_emailaddress as addresses where addresses.user_id in (select doomed_profiles.id from doomed_profiles))') }}
{%- for pair in profile_nullified().split(',') | map('trim') %}
{%- set dependant, column = pair.split('.') %}
{%- set rel = app_table(dependant) %}
{%- if rel is not none %}
update {{ rel }} as referring
set {{ column }} = null
where referring.{{ column }} in (select doomed_profiles.id from doomed_profiles);
{%- endif %}
{%- endfor %}
{%- for pair in profile_dependants().split(',') | map('trim') %}
{%- set dependant, column = pair.split('.') %}
{{ cascade_delete_where(dependant, column, '@ in (select doomed_profiles.id from doomed_profiles)') }}
{%- endfor %}
{{ cascade_delete_where('profiles_profile', 'id', '@ in (select doomed_profiles.id from doomed_profiles)') }}
{% endmacro %}

{#- Both, for `invoke forget`: the profiles its run created, used or not. -#}
{% macro cascade_delete_profiles(source, include_staff=false) %}
{{ select_doomed_profiles(source, include_staff=include_staff, keep_used=false) }}
{{ delete_doomed_profiles() }}
{% endmacro %}

{#- Lock the tables the apply writes against concurrent writers (the site's
    reads go on): taken before the snapshot and held until COMMIT, so no
    write of the site can slip between what we read and what we write.
    Besides the importer's own tables: every table of the target that
    refers, through its foreign keys, to one of them, directly or not
    (issue 18: comments, ratings, votes, images, notifications, social
    auth, the admin log, and any app the site added). The cascades delete
    from them, and select_doomed_profiles reads them to tell a profile the
    site uses: a row the site added there between that reading and the
    COMMIT would be lost with the profile, or make the COMMIT fail. Read
    from the catalog when the apply is compiled, in a fixed order. -#}
{% macro apply_lock_tables() %}
{%- set app = var('app_schema', 'public') -%}
{%- set owned = owned_tables().split(',') | map('trim') | list -%}
{%- set referring = [] -%}
{%- if run_query is defined and execute %}
{%- set found = run_query(
    "with recursive locked (relation) as ("
    ~ " select to_regclass('" ~ app ~ ".' || name) from unnest(string_to_array('" ~ (owned | join(',')) ~ "', ',')) as name"
    ~ " union"
    ~ " select fk.conrelid::regclass from pg_catalog.pg_constraint as fk"
    ~ " inner join locked on fk.confrelid = locked.relation where fk.contype = 'f')"
    ~ " select c.relname from locked inner join pg_catalog.pg_class as c on c.oid = locked.relation"
    ~ " inner join pg_catalog.pg_namespace as n on n.oid = c.relnamespace"
    ~ " where n.nspname = '" ~ app ~ "' order by c.relname"
) -%}
{%- for row in found.rows if row[0] not in owned %}{% do referring.append(row[0]) %}{% endfor -%}
{%- endif %}
{%- for table in owned + referring %}
{%- set rel = app_table(table) -%}
{%- if rel is not none %}
lock table {{ rel }} in share row exclusive mode;
{%- endif %}
{%- endfor %}
{% endmacro %}

{#- Deleting rows the way Django's delete() does (target-schema 9): every
    nodeshot foreign key is ON DELETE CASCADE in Django but NO ACTION in the
    database, so dependants are collected and deleted explicitly, children
    first. Tables of optional apps are skipped when the target lacks them. -#}

{#- `delete from <table>` the rows whose `column` is one of the ids `ids`
    (a query returning one column, built by doomed_ids or by
    cascade_delete_dependants), counted in apply_counts, only if the
    target has that table and that column. -#}
{% macro cascade_delete_in(table, column, ids) %}
{%- set rel = app_table(table) -%}
{%- if rel is not none and column in (adapter.get_columns_in_relation(rel) | map(attribute='name') | list) %}
with deleted as (
    delete from {{ rel }} as doomed
    where doomed.{{ column }} in ({{ ids }})
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

{#- The query of the ids in temporary table doomed_<table>. -#}
{% macro doomed_ids(table) -%}
select doomed_{{ table }}.id from doomed_{{ table }}
{%- endmacro %}

{#- Delete, with Django's cascade, what refers to the rows of `parent`
    whose ids `ids` returns: for each table with a cascade_parents column
    naming `parent` (the apply plan, then var site_cascades; see
    fill_cascades), first what refers to those rows in turn, then the rows.
    Tables in `skip` (the deletable marts, which have their own
    doomed_<table>) are left to their own turn. -#}
{% macro cascade_delete_dependants(parent, ids, skip=[]) %}
{%- set app = var('app_schema', 'public') -%}
{%- set cascades = [] -%}
{%- do fill_cascades(cascades) -%}
{%- for table, column, referred, action in cascades if referred == parent and action == 'cascade' and table not in skip %}
{%- set grandchildren = [] %}
{%- for dependant in cascades if dependant[2] == table and dependant[3] == 'cascade' %}{% do grandchildren.append(dependant) %}{% endfor %}
{%- if grandchildren %}
{{ cascade_delete_dependants(
    table, 'select dependant.id from ' ~ app ~ '.' ~ table ~ ' as dependant where dependant.' ~ column ~ ' in (' ~ ids ~ ')', skip
) }}
{%- endif %}
{{ cascade_delete_in(table, column, ids) }}
{%- endfor %}
{% endmacro %}

{#- `where` (or `and`) the row `alias` is not one the run writes again
    (in `mart`, the frozen mart of its table): see cascade_delete_network. -#}
{% macro still_migrating(alias, mart, keyword='where') %}
{{ keyword }} not exists (
    select from {{ mart }} as migrating
    where migrating.id = {{ alias }}.id
)
{%- endmacro %}

{#- Delete the rows listed in `source` (columns table_name, id) of the
    deletable marts of the apply plan (nodes, devices, interfaces, links,
    inward messages), with their cascades. Each deletable mart gets
    doomed_<table>: its rows listed in `source`, and, in plan order, the
    rows whose cascade_parents column refers to a doomed row of an
    earlier deletable mart (a device of a doomed node). Then, the last
    deletable mart first, what refers to them and they themselves.
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
{%- set plan = [] -%}
{%- do fill_apply_plan(plan) -%}
{%- set deletable = plan | selectattr('deletable') | map(attribute='name') | list -%}
{%- for entry in plan if entry.deletable %}
{%- set parents = [] %}
{%- for column, parent in entry.cascade_parents.items() if parent in deletable %}{% do parents.append((column, parent)) %}{% endfor %}

create temporary table doomed_{{ entry.name }} on commit drop as
select id from {{ source }}
where table_name = '{{ entry.name }}'
{%- if parents %}
union
select cascaded.id
from {{ app }}.{{ entry.name }} as cascaded
where
    (
    {%- for column, parent in parents %}
        {{ 'or ' if not loop.first }}cascaded.{{ column }} in ({{ doomed_ids(parent) }})
    {%- endfor %}
    )
    {{- still_migrating('cascaded', 'snap_' ~ entry.name, 'and') if keep_migrating else '' }}
{%- endif %};
{%- endfor %}
{%- for table in deletable | reverse %}
{{ cascade_delete_dependants(table, doomed_ids(table), skip=deletable) }}
{{ cascade_delete_in(table, 'id', doomed_ids(table)) }}
{%- endfor %}
{% endmacro %}

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
{%- set cascades = [] %}
{%- do fill_cascades(cascades) %}
{%- for dependant, column, parent, _action in cascades if parent == 'profiles_profile' %}
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
    has it. Such rows count as updated. -#}
{% macro delete_doomed_profiles() %}
{%- set cascades = [] %}
{%- do fill_cascades(cascades) %}
{%- for dependant, column, parent, action in cascades if parent == 'profiles_profile' and action == 'set_null' %}
{%- set rel = app_table(dependant) %}
{%- if rel is not none %}
with cleared as (
    update {{ rel }} as referring
    set {{ column }} = null
    where referring.{{ column }} in ({{ doomed_ids('profiles') }})
    returning 1 as row_cleared
)

-- counted as updates of that table (the run's summary, runs.counts)
insert into apply_counts (table_name, inserted, updated)
select
    '{{ dependant }}' as table_name,
    0 as inserted,
    count(*) as updated
from cleared
having count(*) > 0;
{%- endif %}
{%- endfor %}
{{ cascade_delete_dependants('profiles_profile', doomed_ids('profiles')) }}
{{ cascade_delete_in('profiles_profile', 'id', doomed_ids('profiles')) }}
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

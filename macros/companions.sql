{#- Rows that Django signals write for new objects (target-schema 7). -#}

{#- notifications_user_web_settings / _email_settings: one row per new
    profile when the notifications app is installed. -#}
{% macro notification_settings_rows() %}
with new_profiles as (
    select id from {{ ref('profiles_profile') }}
    where id < 0
),

installed as (
    select 1 as is_installed from {{ ref('stg_app__installed_apps') }}
    where app_label = 'notifications'
),

final as (
    select
        (-row_number() over (order by new_profiles.id desc))::integer as id,
        30 as node_created,
        30 as node_status_changed,
        true as node_own_status_changed,
        30 as node_deleted,
        new_profiles.id as user_id
    from new_profiles
    inner join installed on true
)

select * from final
{% endmacro %}

{#- participation_node_counts / _settings: one row per new node when the
    participation app is installed. -#}
{% macro participation_rows(kind) %}
with new_nodes as (
    select nodes.id
    from {{ ref('nodes_node') }} as nodes
    where not exists (
        select 1 from {{ ref('stg_app__nodes') }} as existing
        where existing.id = nodes.id
    )
),

installed as (
    select 1 as is_installed from {{ ref('stg_app__installed_apps') }}
    where app_label = 'participation'
),

final as (
    select
        (-row_number() over (order by new_nodes.id))::integer as id,
        {%- if kind == 'counts' %}
        0 as likes,
        0 as dislikes,
        0 as rating_count,
        0.0::double precision as rating_avg,
        0 as comment_count,
        {%- else %}
        true as voting_allowed,
        true as rating_allowed,
        true as comments_allowed,
        {%- endif %}
        new_nodes.id as node_id
    from new_nodes
    inner join installed on true
)

select * from final
{% endmacro %}

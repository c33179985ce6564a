-- Apply step 2: freeze every mart before the first write (the marts read
-- the application tables that the following steps change).
{% set marts = [
    'profiles_profile', 'profiles_emailaddress', 'profiles_profile_groups',
    'notifications_user_web_settings', 'notifications_user_email_settings',
    'nodes_node', 'participation_node_counts', 'participation_node_settings',
    'rejects', 'reconciliation',
] %}
{%- for mart in marts %}
    {{ apply_snapshot(mart) }}
{%- endfor %}

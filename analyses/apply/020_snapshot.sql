-- Apply step 2: freeze every mart before the first write (the marts read
-- the application tables that the following steps change).
{% set marts = [
    'profiles_profile', 'profiles_emailaddress', 'profiles_profile_groups',
    'notifications_user_web_settings', 'notifications_user_email_settings',
    'nodes_node', 'participation_node_counts', 'participation_node_settings',
    'net_device', 'net_routing_protocol', 'net_device_routing_protocols',
    'net_interface', 'net_interface_ethernet', 'net_interface_wireless',
    'net_interface_bridge', 'net_interface_tunnel', 'net_interface_vap', 'net_ip',
    'links_link', 'mailing_inward',
    'rejects', 'reconciliation',
] %}
{%- for mart in marts %}
    {{ apply_snapshot(mart) }}
{%- endfor %}

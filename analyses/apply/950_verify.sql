-- Apply step 9b: the proof of the target before COMMIT (issue 17), after
-- the last write: every row this run meant to write is in the target with
-- the values it meant, the ledger holds the rows it created, and
-- migration.runs.counts says what the statements wrote. Differences go to
-- apply_differences; apply.py prints the first ones and rolls back (exit
-- 14). The tables and keys are those of apply_write in steps 3-7.
-- depends_on: {{ ref('profiles_profile') }}
-- depends_on: {{ ref('profiles_emailaddress') }}
-- depends_on: {{ ref('profiles_profile_groups') }}
-- depends_on: {{ ref('notifications_user_web_settings') }}
-- depends_on: {{ ref('notifications_user_email_settings') }}
-- depends_on: {{ ref('nodes_node') }}
-- depends_on: {{ ref('participation_node_counts') }}
-- depends_on: {{ ref('participation_node_settings') }}
-- depends_on: {{ ref('net_device') }}
-- depends_on: {{ ref('net_routing_protocol') }}
-- depends_on: {{ ref('net_device_routing_protocols') }}
-- depends_on: {{ ref('net_interface') }}
-- depends_on: {{ ref('net_interface_ethernet') }}
-- depends_on: {{ ref('net_interface_wireless') }}
-- depends_on: {{ ref('net_interface_bridge') }}
-- depends_on: {{ ref('net_interface_tunnel') }}
-- depends_on: {{ ref('net_interface_vap') }}
-- depends_on: {{ ref('net_ip') }}
-- depends_on: {{ ref('links_link') }}
-- depends_on: {{ ref('mailing_inward') }}
{{ apply_verify([
    ('profiles_profile', 'id'), ('profiles_emailaddress', 'id'), ('profiles_profile_groups', 'id'),
    ('notifications_user_web_settings', 'id'), ('notifications_user_email_settings', 'id'),
    ('nodes_node', 'id'), ('participation_node_counts', 'id'), ('participation_node_settings', 'id'),
    ('net_device', 'id'), ('net_routing_protocol', 'id'), ('net_device_routing_protocols', 'id'),
    ('net_interface', 'id'), ('net_interface_ethernet', 'interface_ptr_id'),
    ('net_interface_wireless', 'interface_ptr_id'), ('net_interface_bridge', 'interface_ptr_id'),
    ('net_interface_tunnel', 'interface_ptr_id'), ('net_interface_vap', 'id'), ('net_ip', 'id'),
    ('links_link', 'id'), ('mailing_inward', 'id'),
]) }}

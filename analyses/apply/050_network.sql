-- Apply step 5: devices with their legacy ids (B.8), the routing protocols
-- they need and the device <-> protocol pairs, then interfaces with their
-- legacy ids and the child row of their kind (B.9), their VAPs and their
-- IP addresses. Shortcut references to profiles created in this run carry
-- provisional ids in the marts; apply_write puts the real ones in.
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
{{ apply_write(
    'net_device', upsert=true, shortcuts={'user': 'profiles_profile'},
    site_columns=['access_level', 'status', 'location', 'elev', 'os', 'os_version', 'first_seen', 'last_seen', 'notes'],
) }}

{{ apply_write('net_routing_protocol') }}

{{ apply_write('net_device_routing_protocols', remap={'routingprotocol_id': 'net_routing_protocol'}) }}

{{ apply_write(
    'net_interface', upsert=true, shortcuts={'user': 'profiles_profile'},
    site_columns=['access_level', 'mtu', 'tx_rate', 'rx_rate'],
) }}

-- E.16: an interface whose legacy kind changed since an earlier run loses
-- the child row of its old kind, as Django's cascade would remove it (with
-- the VAPs of a former wireless interface and the members of a former
-- bridge), instead of keeping an Ethernet row under a wireless parent.
delete from {{ app_relation('net_interface_vap') }} as vap
using snap_net_interface as snap
where vap.interface_id = snap.id and snap.type <> 2;

delete from {{ app_relation('net_interface_bridge_interfaces') }} as member
using snap_net_interface as snap
where member.bridge_id = snap.id and snap.type <> 3;
{% set child_types = {
    'net_interface_ethernet': 1, 'net_interface_wireless': 2,
    'net_interface_bridge': 3, 'net_interface_tunnel': 5,
} %}
{%- for child, type_code in child_types.items() %}

    delete from {{ app_relation(child) }} as child
    using snap_net_interface as snap
    where child.interface_ptr_id = snap.id and snap.type <> {{ type_code }};
{%- endfor %}

{{ apply_write('net_interface_ethernet', upsert=true, key='interface_ptr_id', site_columns=['standard', 'duplex']) }}

{{ apply_write(
    'net_interface_wireless', upsert=true, key='interface_ptr_id',
    site_columns=['standard', 'channel_width', 'output_power', 'dbm', 'noise'],
) }}

{{ apply_write('net_interface_bridge', upsert=true, key='interface_ptr_id') }}

{{ apply_write('net_interface_tunnel', upsert=true, key='interface_ptr_id', site_columns=['sap', 'protocol', 'endpoint']) }}

{{ apply_write(
    'net_interface_vap', upsert=true,
    site_columns=['added', 'updated', 'encryption', 'key', 'auth_server', 'auth_port', 'accounting_server', 'accounting_port'],
) }}

{{ apply_write('net_ip', upsert=true, site_columns=['added', 'updated', 'access_level', 'netmask']) }}

-- Apply step 050: devices with their legacy ids (B.8), the routing
-- protocols they need and the device <-> protocol pairs, then interfaces
-- with their legacy ids and the child row of their kind (B.9), their VAPs
-- and their IP addresses: the marts whose plan says `step: network`.
-- Shortcut references to profiles created in this run carry provisional
-- ids in the marts; apply_write puts the real ones in (plan `shortcuts`).

-- E.16: an interface whose legacy kind changed since an earlier run loses
-- the child row of its old kind, as Django's cascade would remove it (with
-- the VAPs of a former wireless interface and the members of a former
-- bridge), instead of keeping an Ethernet row under a wireless parent.
-- Before the writes: the frozen snap_net_interface says the kind, and none
-- of the writes below reads these rows before writing its own.
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
{{ apply_step('network') }}
